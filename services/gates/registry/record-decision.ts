import type { ModelVersion } from '../../tracking/client/messages';
import type { TrackingClient } from '../../tracking/client/tracking-client';
import type { GateDecision } from '../decision/decide';
import { artifactProxyPath } from './registry-model';
import { gateTagKey, gateTagValue, type PromotionDecision, TAGS } from './registry-tags';

/** Where the gates write beside a version's model: `<download URI>/gates/<file>`. */
export function gatesArtifactUri(downloadUri: string, file: string): string {
  return `${downloadUri.replace(/\/+$/, '')}/gates/${file}`;
}

export async function uploadText(client: TrackingClient, uri: string, text: string): Promise<void> {
  await client.uploadArtifact(artifactProxyPath(uri), text);
}

/**
 * Writes the decision to the registry: the JSON report as an artifact first, then one tag per gate and
 * `plinth.decision` last, so a reader that sees the decision finds its gates and report. Returns the report's URI.
 */
export async function recordDecision(
  client: TrackingClient,
  version: ModelVersion,
  downloadUri: string,
  decision: GateDecision,
  outcome: PromotionDecision,
  report: object,
): Promise<string> {
  const reportUri = gatesArtifactUri(downloadUri, 'decision.json');
  await uploadText(client, reportUri, `${JSON.stringify({ decision: outcome, model: version.name, version: version.version, ...report }, null, 2)}\n`);
  for (const gate of decision.gates) await client.setModelVersionTag(version.name, version.version, gateTagKey(gate), gateTagValue(gate));
  await client.setModelVersionTag(version.name, version.version, TAGS.report, reportUri);
  await client.setModelVersionTag(version.name, version.version, TAGS.decision, outcome);
  return reportUri;
}

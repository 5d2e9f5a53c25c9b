import { EXIT_FINDINGS, EXIT_OK, UserFacingError } from '../../../core/exit-codes';
import { parseArtifactLocation } from '../../kit/artifacts/artifact-location';
import { MODEL_NAME } from '../../kit/models/model-repository';
import { formatDecision } from '../decision/format-decision';
import { loadPolicy } from '../policy/load-policy';
import { completePromotion, evaluatePromotion, mirrorDecision, mirroredVersion, type PromotionTarget } from './promotion';
import { CHAMPION, TAGS } from './registry-tags';
import { type TrackingFlags, trackingClient, withTracking } from './tracking-connection';

export interface PromoteFlags extends TrackingFlags, PromotionTarget {
  readonly model: string;
  readonly modelVersion: string;
  readonly policy: string;
  readonly holdout: string;
  /** @default - the evaluator's batch size */
  readonly batchSize?: number;
}

/** The flags that need no server: checked before any request. */
function checkFlags(flags: PromoteFlags): void {
  if (!/^[1-9][0-9]*$/.test(flags.modelVersion)) {
    throw new UserFacingError(`--model-version ${flags.modelVersion}: a registry version is a whole number from 1, e.g. --model-version 3`);
  }
  try {
    parseArtifactLocation(flags.repository);
  } catch (error) {
    throw new UserFacingError(`--repository ${flags.repository}: ${(error as Error).message}`);
  }
  if (!MODEL_NAME.test(flags.model)) {
    throw new UserFacingError(`--model ${flags.model}: the name is the model's folder in the Triton repository and its URL, so it is letters, digits, '.', '_' and '-', not starting with '.'`);
  }
}

/**
 * `plinth gates promote`: evaluates a registered version (and the `champion`) on a holdout against a policy,
 * records every gate as tags and the report as an artifact, and on a pass publishes the model into the Triton
 * repository, moves the aliases and writes the model card. Exit 0 on a pass or when a high-risk model awaits
 * approval, 1 when a gate does not pass, 2 for bad input, 3 when the tracking server or the repository is unavailable.
 */
export async function promoteCommand(flags: PromoteFlags): Promise<void> {
  const policy = loadPolicy(flags.policy);
  checkFlags(flags);
  const client = trackingClient(flags);
  const out = (line: string) => process.stdout.write(`${line}\n`);
  await withTracking(flags.trackingUrl, async () => {
    const promotion = await evaluatePromotion(client, { model: flags.model, version: flags.modelVersion, policy, holdout: flags.holdout, batchRows: flags.batchSize });
    const { outcome, version, championVersion } = promotion;
    out(formatDecision(promotion.decision));
    out(`decision: ${outcome}, written to '${flags.model}' version ${version.version} as ${TAGS.decision} and ${TAGS.gate}* tags; report ${promotion.reportUri}`);
    const champion = championVersion ? `version ${championVersion.version}` : 'unset';
    if (outcome === 'fail') {
      await mirrorDecision(flags, mirroredVersion(promotion), false, out);
      out(`not promoted: ${CHAMPION} stays ${champion}; nothing was published`);
      process.exitCode = EXIT_FINDINGS;
      return;
    }
    if (outcome === 'needs-approval') {
      out(`needs approval: risk class high, so the gates passed but nothing moves until an approver approves '${flags.model}' version ${version.version}: request it from the gates service (plinth gates request) for an approver to approve; ${CHAMPION} stays ${champion}`);
      process.exitCode = EXIT_OK;
      return;
    }
    await completePromotion(client, promotion, flags, out);
    process.exitCode = EXIT_OK;
  });
}

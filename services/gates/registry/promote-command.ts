import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXIT_FINDINGS, EXIT_OK, EXIT_UNAVAILABLE, UserFacingError } from '../../../core/exit-codes';
import { parseArtifactLocation } from '../../kit/artifacts/artifact-location';
import { MODEL_NAME } from '../../kit/models/model-repository';
import { publishedSha256, publishToLocation } from '../../kit/models/publish-to-artifact-store';
import { decide } from '../decision/decide';
import { formatDecision } from '../decision/format-decision';
import { gateReport } from '../decision/gate-report';
import { type Evaluation, evaluateModels } from '../evaluate/evaluate-models';
import type { GatePolicy } from '../policy/policy-schema';
import { loadPolicy } from '../policy/load-policy';
import { formatModelCard } from './model-card';
import { formatMoves, promoteAliases } from './move-aliases';
import { serveChampion } from './rollback-command';
import { gatesArtifactUri, recordDecision, uploadText } from './record-decision';
import { type FetchedModel, fetchModel, findModelVersion, findRegisteredModel, versionByAlias } from './registry-model';
import { CHAMPION, lineageTags, promotionDecision, TAGS } from './registry-tags';
import { type TrackingFlags, trackingClient, withTracking } from './tracking-connection';

export interface PromoteFlags extends TrackingFlags {
  readonly model: string;
  readonly modelVersion: string;
  readonly policy: string;
  readonly holdout: string;
  /** A folder, `s3://bucket/prefix` or `gs://bucket/prefix`. */
  readonly repository: string;
  readonly batchSize?: number;
  /**
   * The SageMaker model package group to mirror the decision into (the foundation's `model_registry` output).
   * @default - no mirror
   */
  readonly modelPackageGroup?: string;
  /**
   * The largest batch the inference server forms, written into the published config.pbtxt.
   * @default 4 (Triton's default for a model it configures itself)
   */
  readonly maxBatchSize?: number;
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

/** Runs the evaluator on the fetched bytes (written to a private temporary folder, removed afterwards). */
async function evaluate(policy: GatePolicy, flags: PromoteFlags, candidate: FetchedModel, champion: FetchedModel | undefined): Promise<Evaluation> {
  const folder = await mkdtemp(join(tmpdir(), 'plinth-promote-'));
  try {
    const file = async (model: FetchedModel) => {
      const path = join(folder, `${model.version.name}-${model.version.version}.onnx`);
      await writeFile(path, model.bytes, { mode: 0o600 });
      return path;
    };
    return await evaluateModels({
      policy,
      candidate: await file(candidate),
      ...(champion ? { champion: await file(champion), championSha256: champion.sha256 } : {}),
      candidateSha256: candidate.sha256,
      holdout: flags.holdout,
      ...(flags.batchSize === undefined ? {} : { batchRows: flags.batchSize }),
    });
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/**
 * Publishes the evaluated bytes, checked once more against the digest recorded at registration, as the registry's
 * version number. A version published before with the same bytes (promoted again after a rollback) stays as it is.
 * A store that cannot be read or written is exit code 3. Returns the line to print.
 */
async function publish(flags: PromoteFlags, candidate: FetchedModel): Promise<string> {
  const version = Number(candidate.version.version);
  try {
    if ((await publishedSha256(flags.repository, flags.model, version)) === candidate.sha256) {
      return `'${flags.model}' version ${version} is already in ${flags.repository} with the same sha256 ${candidate.sha256}: left as it is`;
    }
    const published = await publishToLocation(flags.repository, flags.model, candidate.bytes, {
      version,
      expectedSha256: candidate.sha256,
      ...(flags.maxBatchSize === undefined ? {} : { maxBatchSize: flags.maxBatchSize }),
    });
    return `published '${flags.model}' version ${published.version} (sha256 ${published.sha256}) to ${published.path}`;
  } catch (error) {
    if (error instanceof UserFacingError) throw error;
    throw new UserFacingError(`cannot publish to the model repository ${flags.repository}: ${(error as Error).message}; nothing moved`, EXIT_UNAVAILABLE, { cause: error });
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
    const registered = await findRegisteredModel(client, flags.model);
    const version = await findModelVersion(client, flags.model, flags.modelVersion);
    const championVersion = await versionByAlias(client, flags.model, CHAMPION);
    if (championVersion?.version === version.version) throw new UserFacingError(`--model-version ${flags.modelVersion}: '${flags.model}' version ${flags.modelVersion} is already the ${CHAMPION}; nothing to promote`);
    const candidate = await fetchModel(client, version);
    const champion = championVersion && (await fetchModel(client, championVersion, CHAMPION));

    const evaluation = await evaluate(policy, flags, candidate, champion);
    const tags = lineageTags(version.tags);
    const decision = decide(policy, evaluation, tags, { noChampionYet: champion === undefined });
    const outcome = promotionDecision(decision);
    const report = gateReport(decision, evaluation, tags);
    const named = { ...report, candidate: { ...report.candidate, file: candidate.uri }, ...(report.champion && champion ? { champion: { ...report.champion, file: champion.uri } } : {}) };
    const downloadUri = candidate.uri.slice(0, -'/model.onnx'.length);
    const reportUri = await recordDecision(client, version, downloadUri, decision, outcome, named);
    out(formatDecision(decision));
    out(`decision: ${outcome}, written to '${flags.model}' version ${version.version} as ${TAGS.decision} and ${TAGS.gate}* tags; report ${reportUri}`);
    const mirror = async (approved: boolean) => {
      if (flags.modelPackageGroup === undefined) return;
      const { mirrorToSageMaker } = require('../cloud-registry') as typeof import('../cloud-registry');
      const mirrored = await mirrorToSageMaker({ groupName: flags.modelPackageGroup, modelName: flags.model, version: version.version, approved, decision, lineage: tags, artifactUri: candidate.uri, sha256: candidate.sha256 });
      out(`SageMaker: model package ${mirrored.arn} ${mirrored.status}`);
    };
    if (outcome === 'fail') {
      await mirror(false);
      out(`not promoted: ${CHAMPION} stays ${championVersion ? `version ${championVersion.version}` : 'unset'}; nothing was published`);
      process.exitCode = EXIT_FINDINGS;
      return;
    }
    if (outcome === 'needs-approval') {
      out(`needs approval: risk class high, so the gates passed but nothing moves until an approver approves '${flags.model}' version ${version.version}; ${CHAMPION} stays ${championVersion ? `version ${championVersion.version}` : 'unset'}`);
      process.exitCode = EXIT_OK;
      return;
    }
    out(await publish(flags, candidate));
    const moves = await promoteAliases(client, version, championVersion);
    out(formatMoves(moves));
    out(await serveChampion(flags.repository, flags.model, version.version));
    await mirror(true);
    const cardUri = gatesArtifactUri(downloadUri, 'model-card.md');
    const card = formatModelCard({
      model: flags.model,
      version: version.version,
      description: registered.description,
      source: version.source,
      runId: version.run_id,
      decision: outcome,
      report: named,
      reportUri,
      previousChampion: championVersion?.version,
      publishedTo: flags.repository,
      date: new Date(),
    });
    await uploadText(client, cardUri, card);
    await client.setModelVersionTag(flags.model, version.version, TAGS.modelCard, cardUri);
    out(`model card: ${cardUri}`);
    process.exitCode = EXIT_OK;
  });
}

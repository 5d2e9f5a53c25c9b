import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXIT_UNAVAILABLE, UserFacingError } from '../../../core/exit-codes';
import { publishedSha256, publishToLocation } from '../../kit/models/publish-to-artifact-store';
import type { ModelVersion, RegisteredModel } from '../../tracking/client/messages';
import type { TrackingClient } from '../../tracking/client/tracking-client';
import { decide, type GateDecision } from '../decision/decide';
import { gateReport } from '../decision/gate-report';
import { type Evaluation, evaluateModels } from '../evaluate/evaluate-models';
import type { GatePolicy } from '../policy/policy-schema';
import { formatModelCard, type ModelCardApproval } from './model-card';
import { formatMoves, promoteAliases } from './move-aliases';
import { gatesArtifactUri, recordDecision, uploadText } from './record-decision';
import { type FetchedModel, fetchModel, findModelVersion, findRegisteredModel, versionByAlias } from './registry-model';
import { CHAMPION, lineageTags, type PromotionDecision, promotionDecision, TAGS } from './registry-tags';
import { serveChampion } from './rollback-command';

/** What a promotion is asked to evaluate. */
export interface PromotionRequest {
  readonly model: string;
  readonly version: string;
  readonly policy: GatePolicy;
  /** The holdout file (CSV or Parquet) on this machine. */
  readonly holdout: string;
  /** @default - the evaluator's batch size */
  readonly batchRows?: number;
}

/** Where a passed (or approved) version goes: the Triton repository, and the cloud registry's mirror. */
export interface PromotionTarget {
  /** A folder, `s3://bucket/prefix` or `gs://bucket/prefix`. */
  readonly repository: string;
  /**
   * The largest batch the inference server forms, written into the published config.pbtxt.
   * @default 4 (Triton's default for a model it configures itself)
   */
  readonly maxBatchSize?: number;
  /**
   * The SageMaker model package group the decision is mirrored into.
   * @default - no mirror
   */
  readonly modelPackageGroup?: string;
}

/** The gates' JSON report with the artifacts' URIs: what is written to the registry and kept by the gates service. */
export type NamedReport = ReturnType<typeof gateReport> & {
  readonly candidate: { readonly file: string };
};

/** An evaluated version, its decision recorded in the registry: what `completePromotion` needs besides the model's bytes. */
export interface EvaluatedPromotion {
  readonly registered: RegisteredModel;
  readonly version: ModelVersion;
  /** The champion it was compared with; a promotion completed later checks that it is still the champion. */
  readonly championVersion?: ModelVersion;
  readonly candidate: FetchedModel;
  readonly decision: GateDecision;
  readonly outcome: PromotionDecision;
  readonly lineage: Readonly<Record<string, string>>;
  readonly report: NamedReport;
  readonly reportUri: string;
}

/** Where a line of progress goes: standard output for the CLI, the request's log and answer for the service. */
export type Progress = (line: string) => void;

/** Runs the evaluator on the fetched bytes (written to a private temporary folder, removed afterwards). */
async function evaluate(request: PromotionRequest, candidate: FetchedModel, champion: FetchedModel | undefined): Promise<Evaluation> {
  const folder = await mkdtemp(join(tmpdir(), 'plinth-promote-'));
  try {
    const file = async (model: FetchedModel) => {
      const path = join(folder, `${model.version.name}-${model.version.version}.onnx`);
      await writeFile(path, model.bytes, { mode: 0o600 });
      return path;
    };
    return await evaluateModels({
      policy: request.policy,
      candidate: await file(candidate),
      ...(champion ? { champion: await file(champion), championSha256: champion.sha256 } : {}),
      candidateSha256: candidate.sha256,
      holdout: request.holdout,
      ...(request.batchRows === undefined ? {} : { batchRows: request.batchRows }),
    });
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/** The version's download URI: where its model.onnx is, and where the gates write beside it. */
function downloadUriOf(candidate: FetchedModel): string {
  return candidate.uri.slice(0, -'/model.onnx'.length);
}

/**
 * Evaluates a registered version (and the `champion`) on the holdout against the policy, and records every
 * gate as tags and the report as an artifact beside the model. Nothing moves yet.
 */
export async function evaluatePromotion(client: TrackingClient, request: PromotionRequest): Promise<EvaluatedPromotion> {
  const registered = await findRegisteredModel(client, request.model);
  const version = await findModelVersion(client, request.model, request.version);
  const championVersion = await versionByAlias(client, request.model, CHAMPION);
  if (championVersion?.version === version.version)
    throw new UserFacingError(`--model-version ${request.version}: '${request.model}' version ${request.version} is already the ${CHAMPION}; nothing to promote`);
  const candidate = await fetchModel(client, version);
  const champion = championVersion && (await fetchModel(client, championVersion, CHAMPION));

  const evaluation = await evaluate(request, candidate, champion);
  const lineage = lineageTags(version.tags);
  const decision = decide(request.policy, evaluation, lineage, {
    noChampionYet: champion === undefined,
  });
  const outcome = promotionDecision(decision);
  const plain = gateReport(decision, evaluation, lineage);
  const report: NamedReport = {
    ...plain,
    candidate: { ...plain.candidate, file: candidate.uri },
    ...(plain.champion && champion ? { champion: { ...plain.champion, file: champion.uri } } : {}),
  };
  const reportUri = await recordDecision(client, version, downloadUriOf(candidate), decision, outcome, report);
  return {
    registered,
    version,
    championVersion,
    candidate,
    decision,
    outcome,
    lineage,
    report,
    reportUri,
  };
}

/** What the cloud registry's mirror records of a decided version. */
export interface MirroredVersion {
  readonly model: string;
  readonly version: string;
  readonly decision: GateDecision;
  readonly lineage: Readonly<Record<string, string>>;
  /** Where the model file is (its registry artifact). */
  readonly artifactUri: string;
  readonly sha256: string;
}

export function mirroredVersion(promotion: EvaluatedPromotion): MirroredVersion {
  const { version, decision, lineage, candidate } = promotion;
  return {
    model: version.name,
    version: version.version,
    decision,
    lineage,
    artifactUri: candidate.uri,
    sha256: candidate.sha256,
  };
}

/** Mirrors the decision into the SageMaker group, when there is one: Approved or Rejected, with who decided. */
export async function mirrorDecision(target: PromotionTarget, subject: MirroredVersion, approved: boolean, progress: Progress, approval?: ModelCardApproval): Promise<void> {
  if (target.modelPackageGroup === undefined) return;
  const { mirrorToSageMaker } = require('../cloud-registry') as typeof import('../cloud-registry');
  const mirrored = await mirrorToSageMaker({
    groupName: target.modelPackageGroup,
    modelName: subject.model,
    version: subject.version,
    approved,
    decision: subject.decision,
    lineage: subject.lineage,
    artifactUri: subject.artifactUri,
    sha256: subject.sha256,
    ...(approval
      ? {
          approvedBy: approval.by,
          approvalDescription: `${approval.verdict} by ${approval.by}${approval.comment ? `: ${approval.comment}` : ''}`,
        }
      : {}),
  });
  progress(`SageMaker: model package ${mirrored.arn} ${mirrored.status}`);
}

/**
 * Publishes the evaluated bytes, checked once more against the digest recorded at registration, as the registry's
 * version number. A version published before with the same bytes (promoted again after a rollback) stays as it is.
 * A store that cannot be read or written is exit code 3.
 */
async function publish(target: PromotionTarget, candidate: FetchedModel): Promise<string> {
  const model = candidate.version.name;
  const version = Number(candidate.version.version);
  try {
    if ((await publishedSha256(target.repository, model, version)) === candidate.sha256) {
      return `'${model}' version ${version} is already in ${target.repository} with the same sha256 ${candidate.sha256}: left as it is`;
    }
    const published = await publishToLocation(target.repository, model, candidate.bytes, {
      version,
      expectedSha256: candidate.sha256,
      ...(target.maxBatchSize === undefined ? {} : { maxBatchSize: target.maxBatchSize }),
    });
    return `published '${model}' version ${published.version} (sha256 ${published.sha256}) to ${published.path}`;
  } catch (error) {
    if (error instanceof UserFacingError) throw error;
    throw new UserFacingError(`cannot publish to the model repository ${target.repository}: ${(error as Error).message}; nothing moved`, EXIT_UNAVAILABLE, { cause: error });
  }
}

/**
 * The promotion itself, for a version whose gates passed (and, for a high-risk model, that an approver approved):
 * publish into the Triton repository, move `champion` (the old one becomes `previous`), serve it, mirror it as
 * Approved, and write the model card. Returns the card's URI.
 */
export async function completePromotion(
  client: TrackingClient,
  promotion: EvaluatedPromotion,
  target: PromotionTarget,
  progress: Progress,
  approval?: ModelCardApproval,
): Promise<string> {
  const { version, championVersion } = promotion;
  progress(await publish(target, promotion.candidate));
  progress(formatMoves(await promoteAliases(client, version, championVersion)));
  progress(await serveChampion(target.repository, version.name, version.version));
  await mirrorDecision(target, mirroredVersion(promotion), true, progress, approval);
  const cardUri = gatesArtifactUri(downloadUriOf(promotion.candidate), 'model-card.md');
  const card = formatModelCard({
    model: version.name,
    version: version.version,
    description: promotion.registered.description,
    source: version.source,
    runId: version.run_id,
    decision: promotion.outcome,
    report: promotion.report,
    reportUri: promotion.reportUri,
    previousChampion: championVersion?.version,
    publishedTo: target.repository,
    date: new Date(),
    ...(approval ? { approval } : {}),
  });
  await uploadText(client, cardUri, card);
  await client.setModelVersionTag(version.name, version.version, TAGS.modelCard, cardUri);
  progress(`model card: ${cardUri}`);
  return cardUri;
}

/**
 * Fetches an evaluated version again for a promotion decided later (an approval): the registry's current state, the
 * bytes checked against the recorded digest, and the champion it was compared with, which must not have moved since.
 */
export async function reloadPromotion(
  client: TrackingClient,
  saved: Pick<EvaluatedPromotion, 'decision' | 'outcome' | 'lineage' | 'report' | 'reportUri'> & {
    readonly model: string;
    readonly version: string;
    readonly championVersion?: string;
  },
): Promise<EvaluatedPromotion> {
  const registered = await findRegisteredModel(client, saved.model);
  const version = await findModelVersion(client, saved.model, saved.version);
  const championVersion = await versionByAlias(client, saved.model, CHAMPION);
  if (championVersion?.version !== saved.championVersion) {
    const at = (v: string | undefined) => (v === undefined ? 'unset' : `version ${v}`);
    throw new StaleEvaluationError(
      `the ${CHAMPION} of '${saved.model}' moved from ${at(saved.championVersion)} to ${at(championVersion?.version)} since the gates compared version ${
        saved.version
      } with it: request the promotion again`,
    );
  }
  const candidate = await fetchModel(client, version);
  return {
    registered,
    version,
    championVersion,
    candidate,
    decision: saved.decision,
    outcome: saved.outcome,
    lineage: saved.lineage,
    report: saved.report,
    reportUri: saved.reportUri,
  };
}

/** The registry changed since the evaluation, so the decision no longer says what it said. */
export class StaleEvaluationError extends UserFacingError {}

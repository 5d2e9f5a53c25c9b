import type { FastifyBaseLogger } from 'fastify';
import { MODEL_NAME } from '../../kit/models/model-repository';
import { ServiceError } from '../../kit/server/errors';
import type { Principal } from '../../kit/server/tokens';
import type { TrackingClient } from '../../tracking/client/tracking-client';
import { parsePolicy } from '../policy/load-policy';
import type { GatePolicy } from '../policy/policy-schema';
import type { ModelCardApproval } from '../registry/model-card';
import { completePromotion, type EvaluatedPromotion, evaluatePromotion, mirrorDecision, mirroredVersion, type PromotionTarget, reloadPromotion } from '../registry/promotion';
import { findRegisteredModel } from '../registry/registry-model';
import { tagRecord } from '../registry/registry-tags';
import { withTracking } from '../registry/tracking-connection';
import { asGatesServiceError } from './gates-service-error';
import type { HoldoutSource } from './holdout-source';
import type { PromotionStore, StoredPromotion } from './promotion-store';

/** What a promotion's outcome is told to: the webhook (which must not throw) and the metrics. */
export type PromotionListener = (promotion: StoredPromotion) => void;

export interface PromotionWorkflowProps {
  readonly store: PromotionStore;
  readonly tracking: TrackingClient;
  /** The tracking server's URL, for error messages. */
  readonly trackingUrl: string;
  readonly holdouts: HoldoutSource;
  /** Where promoted versions go; a request may set its own max batch size. */
  readonly target: PromotionTarget;
  /** Whether requests carry tokens: without them nobody can be told apart, so nobody can approve. */
  readonly authenticated: boolean;
  readonly onOutcome: PromotionListener;
}

export interface PromotionAsk {
  readonly model: string;
  readonly version: string;
  /** A path under the service's holdout location. */
  readonly holdout: string;
  /** @default - the registered model's `plinth.gate_policy` tag */
  readonly policy?: string;
  /** @default - the service's --max-batch-size, else Triton's 4 */
  readonly maxBatchSize?: number;
  /** @default - the evaluator's batch size */
  readonly batchRows?: number;
}

/** A promotion as answered, with the lines of what was done (published, aliases moved, card written). */
export interface PromotionAnswer {
  readonly promotion: StoredPromotion;
  readonly progress: readonly string[];
}

/** The tag a registered model's gate policy may be attached in (its YAML text). */
export const POLICY_TAG = 'plinth.gate_policy';
/** The tag a decided high-risk version records its human decision in. */
export const APPROVAL_TAG = 'plinth.approval';

/**
 * The gates service's promotions: a request is evaluated at once and its outcome stored; a high-risk pass waits
 * for an approver, whose token must not be the requester's (four eyes); approving completes the promotion the
 * way `plinth gates promote` does, after checking that the champion it was compared with is still the champion.
 */
export class PromotionWorkflow {
  constructor(private readonly props: PromotionWorkflowProps) {}

  async request(ask: PromotionAsk, principal: Principal, log: FastifyBaseLogger): Promise<PromotionAnswer> {
    const { store } = this.props;
    checkAsk(ask);
    const open = await store.pendingOf(ask.model, ask.version);
    if (open) throw store.alreadyPending(ask.model, ask.version);
    const progress: string[] = [];
    const target: PromotionTarget = {
      ...this.props.target,
      ...(ask.maxBatchSize === undefined ? {} : { maxBatchSize: ask.maxBatchSize }),
    };
    const evaluated = await this.tracked(async () => {
      const policy = await this.policyOf(ask);
      return this.props.holdouts.withHoldout(ask.holdout, (holdout) =>
        evaluatePromotion(this.props.tracking, {
          model: ask.model,
          version: ask.version,
          policy,
          holdout,
          batchRows: ask.batchRows,
        }),
      );
    });
    const status = evaluated.outcome === 'fail' ? 'failed' : evaluated.outcome === 'needs-approval' ? 'pending-approval' : 'promoting';
    const stored = await store.create({
      model: ask.model,
      version: evaluated.version.version,
      status,
      risk: evaluated.decision.risk,
      requestedBy: principal.name,
      championVersion: evaluated.championVersion?.version,
      reportUri: evaluated.reportUri,
      decision: evaluated.decision,
      lineage: evaluated.lineage,
      report: evaluated.report,
      target,
    });
    progress.push(`decision: ${evaluated.outcome}, report ${evaluated.reportUri}`);
    if (status === 'failed') {
      await this.tracked(() => mirrorDecision(target, mirroredVersion(evaluated), false, (line) => progress.push(line))).catch((error: unknown) =>
        log.warn({ err: error }, 'mirroring the failed decision failed'),
      );
      return this.told({ promotion: stored, progress });
    }
    if (status === 'pending-approval') return this.told({ promotion: stored, progress });
    return await this.complete(stored, evaluated, principal, progress, 'promote');
  }

  async approve(id: number, principal: Principal, comment: string | undefined): Promise<PromotionAnswer> {
    const { store } = this.props;
    const waiting = await this.waitingForApprover(id, 'approve');
    if (principal.name === waiting.requested_by) {
      throw new ServiceError('forbidden', `four eyes: token '${principal.name}' requested promotion ${id}, so it cannot approve it; another approver must`);
    }
    const claimed = await store.claim(id, 'pending-approval', principal.name, 'approve', { comment: comment ?? null });
    if (!claimed) throw new ServiceError('conflict', `promotion ${id} was decided by another request just now; GET /api/gates/promotions/${id}`);
    const approval: ModelCardApproval = {
      verdict: 'approved',
      by: principal.name,
      requestedBy: claimed.requested_by,
      at: new Date(),
      ...(comment ? { comment } : {}),
    };
    let reloaded: EvaluatedPromotion;
    try {
      reloaded = await this.tracked(() =>
        reloadPromotion(this.props.tracking, {
          ...claimed,
          championVersion: claimed.champion_version,
          reportUri: claimed.report_uri,
          outcome: 'needs-approval',
        }),
      );
    } catch (error) {
      const refused = asGatesServiceError(error);
      // A champion that moved makes the decision stale for good; anything else (the registry unreachable) may pass.
      const stale = refused instanceof ServiceError && refused.kind === 'conflict';
      await store.finish(
        id,
        'promoting',
        stale ? { status: 'incomplete', detail: (refused as ServiceError).message } : { status: 'pending-approval' },
        principal.name,
        stale ? 'stale' : 'approve-failed',
        { reason: (error as Error).message },
      );
      if (stale) this.props.onOutcome((await store.get(id))!);
      throw refused;
    }
    await this.tracked(() => this.props.tracking.setModelVersionTag(claimed.model, claimed.version, APPROVAL_TAG, approvalTag(approval))).catch(() => undefined);
    return this.complete(claimed, reloaded, principal, [], 'approved', approval);
  }

  async reject(id: number, principal: Principal, comment: string): Promise<PromotionAnswer> {
    const { store } = this.props;
    await this.waitingForApprover(id, 'reject');
    const rejected = await store.finish(id, 'pending-approval', { status: 'rejected', decidedBy: principal.name, comment }, principal.name, 'reject', { comment });
    const approval: ModelCardApproval = {
      verdict: 'rejected',
      by: principal.name,
      requestedBy: rejected.requested_by,
      at: new Date(),
      comment,
    };
    const progress: string[] = [`rejected by ${principal.name}: ${comment}`];
    const subject = {
      model: rejected.model,
      version: rejected.version,
      decision: rejected.decision,
      lineage: rejected.lineage,
      artifactUri: rejected.report.candidate.file,
      sha256: rejected.report.candidate.sha256,
    };
    await this.tracked(async () => {
      await this.props.tracking.setModelVersionTag(rejected.model, rejected.version, APPROVAL_TAG, approvalTag(approval));
      await mirrorDecision(rejected.target, subject, false, (line) => progress.push(line), approval);
    }).catch((error: unknown) => progress.push(`the rejection is stored, but recording it in the registry failed: ${(error as Error).message}`));
    return this.told({ promotion: rejected, progress });
  }

  /** Publishes, moves the aliases, mirrors and writes the card; a failure leaves the promotion incomplete (or waiting, for an approval). */
  private async complete(
    claimed: StoredPromotion,
    evaluated: EvaluatedPromotion,
    principal: Principal,
    progress: string[],
    action: string,
    approval?: ModelCardApproval,
  ): Promise<PromotionAnswer> {
    const { store } = this.props;
    try {
      const modelCardUri = await this.tracked(() => completePromotion(this.props.tracking, evaluated, claimed.target, (line) => progress.push(line), approval));
      const promoted = await store.finish(
        claimed.id,
        'promoting',
        {
          status: 'promoted',
          modelCardUri,
          ...(approval ? { decidedBy: approval.by, comment: approval.comment } : {}),
        },
        principal.name,
        action,
        { card: modelCardUri },
      );
      return this.told({ promotion: promoted, progress });
    } catch (error) {
      const refused = asGatesServiceError(error);
      const message = (refused as Error).message;
      const end = approval ? { status: 'pending-approval' as const } : { status: 'incomplete' as const, detail: message };
      await store.finish(claimed.id, 'promoting', end, principal.name, `${action}-failed`, { reason: message, progress });
      if (!approval) this.props.onOutcome((await store.get(claimed.id))!);
      throw refused;
    }
  }

  private async waitingForApprover(id: number, verb: 'approve' | 'reject'): Promise<StoredPromotion> {
    if (!this.props.authenticated) {
      throw new ServiceError(
        'forbidden',
        `approvals need tokens, so that the approver is told apart from the requester: start the gates service with PLINTH_TOKENS holding a write token and an approve token`,
      );
    }
    const promotion = await this.props.store.get(id);
    if (!promotion) throw new ServiceError('not-found', `no promotion ${id}; GET /api/gates/promotions lists them`);
    if (promotion.status !== 'pending-approval') {
      throw new ServiceError(
        'conflict',
        `promotion ${id} ('${promotion.model}' version ${promotion.version}) is ${promotion.status}, not pending-approval: only a passed high-risk promotion waits for an approver to ${verb}`,
      );
    }
    return promotion;
  }

  /** The request's policy text, else the one attached to the registered model. */
  private async policyOf(ask: PromotionAsk): Promise<GatePolicy> {
    if (ask.policy !== undefined) return parsePolicy(ask.policy, 'policy');
    const registered = await findRegisteredModel(this.props.tracking, ask.model);
    const attached = tagRecord(registered.tags)[POLICY_TAG];
    if (attached === undefined) {
      throw new ServiceError(
        'invalid',
        `policy: the request has none and registered model '${ask.model}' has no ${POLICY_TAG} tag; send the policy's YAML as "policy", or attach it to the model as that tag`,
      );
    }
    return parsePolicy(attached, `registered model '${ask.model}' tag ${POLICY_TAG}`);
  }

  /** Registry calls with the CLI's error handling (unreachable: 503; refused: 400), as service errors. */
  private async tracked<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await withTracking(this.props.trackingUrl, work);
    } catch (error) {
      throw asGatesServiceError(error);
    }
  }

  private told(answer: PromotionAnswer): PromotionAnswer {
    this.props.onOutcome(answer.promotion);
    return answer;
  }
}

function checkAsk(ask: PromotionAsk): void {
  if (!MODEL_NAME.test(ask.model)) {
    throw new ServiceError(
      'invalid',
      `model "${ask.model}": the name is the model's folder in the Triton repository and its URL, so it is letters, digits, '.', '_' and '-', not starting with '.'`,
    );
  }
  if (!/^[1-9][0-9]{0,9}$/.test(ask.version)) throw new ServiceError('invalid', `version "${ask.version}": a registry version is a whole number from 1, e.g. "3"`);
}

/** `approved by alice at 2026-12-01T13:00:00.000Z (requested by ci): looks fine`, within MLflow's 5000 characters. */
function approvalTag(approval: ModelCardApproval): string {
  const text = `${approval.verdict} by ${approval.by} at ${approval.at.toISOString()} (requested by ${approval.requestedBy})${approval.comment ? `: ${approval.comment}` : ''}`;
  return text.length > 5000 ? `${text.slice(0, 4997)}...` : text;
}

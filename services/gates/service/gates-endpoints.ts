import { z } from 'zod';
import { type AdmissionGate, admitRequest } from '../../kit/server/admission-gate';
import { endpointFor } from '../../kit/server/endpoint';
import { ServiceError } from '../../kit/server/errors';
import { PROMOTION_STATUSES, type PromotionStore, type StoredPromotion } from './promotion-store';
import type { PromotionWorkflow } from './promotion-workflow';

/** What the gates endpoints work with. */
export interface GatesContext {
  readonly workflow: PromotionWorkflow;
  readonly store: PromotionStore;
  /** Bounds the evaluations (promotion requests) under way and waiting. */
  readonly evaluations: AdmissionGate;
}

/** What a refused request is told to wait: about one evaluation of a 10^5-row holdout. */
export const EVALUATION_RETRY_AFTER_SECONDS = 10;

const gatesEndpoint = endpointFor<GatesContext>();

const PromotionParams = z.object({ id: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER) });

const PromotionBody = z.strictObject({
  /** The registered model. */
  model: z.string().min(1).max(256),
  /** The candidate version, as the registry numbers it. */
  version: z.string().min(1).max(10),
  /** The holdout: a path under the service's --holdouts location (`churn/holdout.csv`). */
  holdout: z.string().min(1).max(1000),
  /** The gate policy's YAML; without it, the registered model's `plinth.gate_policy` tag. */
  policy: z.string().max(1024 * 1024).optional(),
  max_batch_size: z.number().int().min(1).max(1_000_000).optional(),
  batch_rows: z.number().int().min(1).max(1_000_000).optional(),
});

const DecisionBody = z.strictObject({ comment: z.string().max(2000).optional() });
const RejectionBody = z.strictObject({ comment: z.string().trim().min(1, 'say why: a rejection needs a comment').max(2000) });

const ListQuery = z.object({
  model: z.string().min(1).max(256).optional(),
  /** One version's promotions, as the registry numbers it (the console's model page asks per version). */
  version: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
  status: z.enum(PROMOTION_STATUSES).optional(),
  /** The previous page's `next_before`. */
  before: z.coerce.number().int().min(1).optional(),
  max_results: z.coerce.number().int().min(1).max(1000).default(100),
});

const AuditQuery = z.object({
  model: z.string().min(1).max(256).optional(),
  after: z.coerce.number().int().min(0).default(0),
  max_results: z.coerce.number().int().min(1).max(1000).default(100),
});

/** A list item: the decision's summary, without the report (GET one promotion for that). */
function summary(promotion: StoredPromotion) {
  const { report: _report, decision, lineage: _lineage, target: _target, ...rest } = promotion;
  return { ...rest, verdict: decision.verdict, gates_not_passed: decision.gates.filter((gate) => gate.verdict !== 'pass').length };
}

/** Every gates endpoint under `/api/gates`: the API at a glance. */
export function gatesEndpoints(context: GatesContext) {
  return [
    gatesEndpoint({
      method: 'POST',
      url: '/promotions',
      body: PromotionBody,
      hooks: {
        onRequest: (_request, reply) => {
          const { concurrent, queued } = context.evaluations.props;
          return admitRequest(
            context.evaluations,
            reply,
            EVALUATION_RETRY_AFTER_SECONDS,
            `the gates service is evaluating as many promotions as it may (${concurrent} at a time, ${queued} waiting); send it again in ${EVALUATION_RETRY_AFTER_SECONDS} seconds`,
          );
        },
      },
      handle: async ({ body }, { principal, log, reply }) => {
        const answer = await context.workflow.request(
          { model: body.model, version: body.version, holdout: body.holdout, policy: body.policy, maxBatchSize: body.max_batch_size, batchRows: body.batch_rows },
          principal,
          log,
        );
        return reply.code(201).send(answer);
      },
    }),
    gatesEndpoint({
      method: 'GET',
      url: '/promotions',
      query: ListQuery,
      handle: async ({ query }) => {
        const promotions = await context.store.list({ model: query.model, version: query.version === undefined ? undefined : String(query.version), status: query.status, before: query.before, limit: query.max_results });
        const page = { promotions: promotions.map(summary) };
        return promotions.length === query.max_results ? { ...page, next_before: promotions[promotions.length - 1]!.id } : page;
      },
    }),
    gatesEndpoint({
      method: 'GET',
      url: '/promotions/:id',
      params: PromotionParams,
      handle: async ({ params }) => {
        const promotion = await context.store.get(params.id);
        if (!promotion) throw new ServiceError('not-found', `no promotion ${params.id}; GET /api/gates/promotions lists them`);
        return { promotion, events: await context.store.events({ promotion, after: 0, limit: 1000 }) };
      },
    }),
    gatesEndpoint({
      method: 'POST',
      url: '/promotions/:id/approve',
      access: 'approve',
      params: PromotionParams,
      body: DecisionBody,
      handle: async ({ params, body }, { principal }) => context.workflow.approve(params.id, principal, body.comment),
    }),
    gatesEndpoint({
      method: 'POST',
      url: '/promotions/:id/reject',
      access: 'approve',
      params: PromotionParams,
      body: RejectionBody,
      handle: async ({ params, body }, { principal }) => context.workflow.reject(params.id, principal, body.comment),
    }),
    gatesEndpoint({
      method: 'GET',
      url: '/audit',
      query: AuditQuery,
      handle: async ({ query }) => {
        const events = await context.store.events({ model: query.model, after: query.after, limit: query.max_results });
        return events.length === query.max_results ? { events, next_after: events[events.length - 1]!.id } : { events };
      },
    }),
  ];
}

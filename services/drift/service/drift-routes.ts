import multipart from '@fastify/multipart';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { ServiceError } from '../../kit/server/errors';
import type { DriftMetrics } from '../metrics';
import type { AnalysisRunner } from '../monitor/analysis';
import type { DriftMonitor } from '../monitor/drift-monitor';
import type { DriftStore, StoredReport } from '../monitor/drift-store';
import { asServiceError } from './drift-service-error';
import { readUpload } from './upload-body';
import type { UploadGate } from './upload-gate';

/** What a refused upload is told to wait: about what a 10^6-row reference takes to register. */
export const RETRY_AFTER_SECONDS = 5;

/** What the drift routes work with. */
export interface DriftContext {
  readonly monitor: DriftMonitor;
  readonly store: DriftStore;
  readonly metrics: DriftMetrics;
  /** Told of every new report (the retraining trigger listens); must not throw. */
  readonly onReport: (report: StoredReport) => void;
  readonly maxReferenceBytes: number;
  readonly maxBatchBytes: number;
  /** Renders the HTML page off the event loop (the monitor has it too, for parsing and statistics). */
  readonly analysis: AnalysisRunner;
  /** Bounds the uploads (POST) under way and waiting. */
  readonly uploads: UploadGate;
}

type ModelRequest = FastifyRequest<{ Params: { model: string }; Querystring: { format?: 'json' | 'html' } }>;
type Handler = (context: DriftContext, request: ModelRequest, reply: FastifyReply) => Promise<unknown>;

/** Every drift endpoint under `/api/drift` and its handler: the API at a glance. */
export const DRIFT_ENDPOINTS: readonly (readonly ['GET' | 'POST', string, Handler])[] = [
  ['POST', '/models/:model/reference', registerReference],
  ['GET', '/models/:model/reference', getReference],
  ['POST', '/models/:model/batches', ingestBatch],
  ['GET', '/models/:model/report', getReport],
  ['GET', '/models/:model/triggers', listTriggers],
];

export function driftRoutesPlugin(context: DriftContext): FastifyPluginAsync {
  return async (app) => {
    await app.register(multipart);
    app.addContentTypeParser('text/csv', { parseAs: 'string' }, (_request, body, done) => done(null, body));
    for (const [method, url, handler] of DRIFT_ENDPOINTS) {
      app.route({
        method,
        url,
        bodyLimit: url.endsWith('/reference') ? context.maxReferenceBytes : context.maxBatchBytes,
        schema: { querystring: { type: 'object', properties: { format: { enum: ['json', 'html'] } }, additionalProperties: false } },
        // Admitted before the body is read: a refused upload costs no memory, a waiting one only its connection.
        ...(method === 'POST' ? { onRequest: (_request: FastifyRequest, reply: FastifyReply) => admitUpload(context.uploads, reply) } : {}),
        handler: async (request, reply) => {
          try {
            return await handler(context, request as ModelRequest, reply);
          } catch (error) {
            throw asServiceError(error);
          }
        },
      });
    }
  };
}

async function admitUpload(uploads: UploadGate, reply: FastifyReply): Promise<void> {
  const admitted = uploads.enter();
  if (admitted === undefined) {
    reply.header('retry-after', String(RETRY_AFTER_SECONDS));
    const { concurrent, queued } = uploads.props;
    throw new ServiceError('too-many-requests', `too many uploads under way (${concurrent} at a time, ${queued} waiting); send it again in ${RETRY_AFTER_SECONDS} seconds`);
  }
  const release = await admitted;
  // 'close' comes once the answer is sent, or when the client goes away: either way the turn passes on.
  // A client that went away while waiting has had its 'close' already.
  if (reply.raw.closed) release();
  else reply.raw.once('close', release);
}

async function registerReference(context: DriftContext, request: ModelRequest, reply: FastifyReply): Promise<unknown> {
  const upload = await readUpload(request, true, context.maxReferenceBytes);
  const summary = await context.monitor.registerReference(request.params.model, upload.input, upload.options);
  return reply.code(201).send(summary);
}

async function getReference(context: DriftContext, request: ModelRequest): Promise<unknown> {
  return context.monitor.reference(request.params.model);
}

async function ingestBatch(context: DriftContext, request: ModelRequest): Promise<unknown> {
  const upload = await readUpload(request, false, context.maxBatchBytes);
  const result = await context.monitor.ingestBatch(request.params.model, upload.input);
  context.metrics.recordRows(result.model, result.accepted_rows);
  if (result.report) {
    context.metrics.recordReport(result.model, result.report.report);
    context.onReport(result.report);
  }
  return result;
}

/** JSON by default; the HTML page with `?format=html`, or for a client that asks for text/html (a browser). */
async function getReport(context: DriftContext, request: ModelRequest, reply: FastifyReply): Promise<unknown> {
  const { model } = request.params;
  const html = request.query.format === 'html' || (request.query.format === undefined && (request.headers.accept ?? '').includes('text/html'));
  const notYet = () => new ServiceError('not-found', `model "${model}": no report yet; one is computed once the window holds ${context.monitor.minWindowRows} rows`);
  if (!html) {
    const report = await context.monitor.latestReport(model);
    if (report === undefined) throw notYet();
    return report;
  }
  const comparison = await context.monitor.currentComparison(model);
  if (comparison === undefined) throw notYet();
  const title = `Drift of model ${model}: the newest ${comparison.windowRows} rows against the reference`;
  const page = await context.analysis.run('renderPage', { report: comparison.report, reference: comparison.reference, current: comparison.current, title });
  return reply.type('text/html; charset=utf-8').send(page);
}

async function listTriggers(context: DriftContext, request: ModelRequest): Promise<unknown> {
  const { model } = request.params;
  // A model without a reference is a 404, not an empty list: the name is probably mistyped.
  await context.monitor.reference(model);
  return { triggers: await context.store.listTriggers(model) };
}

import multipart from '@fastify/multipart';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { endpointFor, endpointsPlugin } from '../../kit/server/endpoint';
import { ServiceError } from '../../kit/server/errors';
import type { DriftMetrics } from '../metrics';
import type { AnalysisRunner } from '../monitor/analysis';
import type { DriftMonitor } from '../monitor/drift-monitor';
import type { DriftStore, StoredReport } from '../monitor/drift-store';
import { asServiceError } from './drift-service-error';
import { datasetSummary, reportHeadline, reportSummary } from './report-summaries';
import { readUpload, type Upload } from './upload-body';
import { type AdmissionGate, admitRequest } from '../../kit/server/admission-gate';

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
  readonly uploads: AdmissionGate;
}

const driftEndpoint = endpointFor<DriftContext>();

/** Model names are checked by the monitor, which says what a valid one is. */
const ModelParams = z.object({ model: z.string() });
const ReportQuery = z.object({ format: z.enum(['json', 'html']).optional() });
/** A page of report history: hundreds of points for a chart, the older ones with `before`. */
const ReportsQuery = z.object({
  max_results: z.coerce.number().int().min(1).max(1000).default(100),
  before: z.coerce.number().int().min(1).optional(),
});

/**
 * Admitted before the body is read: a refused upload costs no memory, a waiting one only its connection.
 * Bodies are CSV, JSON or multipart, read and checked by readUpload, so they have no schema here.
 */
const uploadHooks = (context: DriftContext) => ({ onRequest: (_request: FastifyRequest, reply: FastifyReply) => admitUpload(context.uploads, reply) });

/** Every drift endpoint under `/api/drift`: the API at a glance. */
export function driftEndpoints(context: DriftContext) {
  return [
    driftEndpoint({
      method: 'POST',
      url: '/models/:model/reference',
      params: ModelParams,
      bodyLimit: context.maxReferenceBytes,
      hooks: uploadHooks(context),
      handle: async ({ params }, { request, reply }) => {
        const upload = await readUpload(request, true, context.maxReferenceBytes);
        return reply.code(201).send(await context.monitor.registerReference(params.model, upload.input, upload.options));
      },
    }),
    driftEndpoint({
      method: 'GET',
      url: '/models/:model/reference',
      params: ModelParams,
      handle: async ({ params }) => context.monitor.reference(params.model),
    }),
    driftEndpoint({
      method: 'POST',
      url: '/models/:model/batches',
      params: ModelParams,
      bodyLimit: context.maxBatchBytes,
      hooks: uploadHooks(context),
      handle: async ({ params }, { request }) => ingestBatch(context, params.model, await readUpload(request, false, context.maxBatchBytes)),
    }),
    driftEndpoint({
      method: 'GET',
      url: '/models/:model/report',
      params: ModelParams,
      query: ReportQuery,
      handle: async ({ params, query }, { request, reply }) => getReport(context, params.model, query.format, request, reply),
    }),
    driftEndpoint({
      method: 'GET',
      url: '/models',
      handle: async () => ({ models: await listModels(context) }),
    }),
    driftEndpoint({
      method: 'GET',
      url: '/models/:model/reports',
      params: ModelParams,
      query: ReportsQuery,
      handle: async ({ params, query }) => {
        const profile = await context.monitor.profileSummary(params.model);
        const reports = await context.store.listReports(params.model, profile.id, { maxResults: query.max_results, beforeRowsSeen: query.before });
        // A full page may have older reports behind it; a short one is the last.
        const last = reports.length === query.max_results ? reports[reports.length - 1] : undefined;
        return { model: params.model, reference_id: profile.id, reports: reports.map((report) => reportSummary(report, profile)), next_before: last?.rows_seen ?? null };
      },
    }),
    driftEndpoint({
      method: 'GET',
      url: '/models/:model/distributions',
      params: ModelParams,
      handle: async ({ params }) => {
        const comparison = await context.monitor.currentComparison(params.model);
        if (comparison === undefined) throw noReportYet(context, params.model);
        const { profile, report, reference, current, windowRows } = comparison;
        const columns = await context.analysis.run('distributions', { report, reference, current });
        return { model: params.model, reference_id: profile.id, reference_rows: profile.rows, window_rows: windowRows, dataset: datasetSummary(report, profile), columns };
      },
    }),
    driftEndpoint({
      method: 'GET',
      url: '/models/:model/triggers',
      params: ModelParams,
      handle: async ({ params }) => {
        // A model without a reference is a 404, not an empty list: the name is probably mistyped.
        await context.monitor.reference(params.model);
        return { triggers: await context.store.listTriggers(params.model) };
      },
    }),
  ];
}

export function driftRoutesPlugin(context: DriftContext): FastifyPluginAsync {
  return async (app) => {
    await app.register(multipart);
    app.addContentTypeParser('text/csv', { parseAs: 'string' }, (_request, body, done) => done(null, body));
    // The monitor's refusals become the kit's ServiceError, which the error mapper answers with a 4xx.
    await app.register(endpointsPlugin(driftEndpoints(context), context, asServiceError));
  };
}

function admitUpload(uploads: AdmissionGate, reply: FastifyReply): Promise<void> {
  const { concurrent, queued } = uploads.props;
  return admitRequest(uploads, reply, RETRY_AFTER_SECONDS, `too many uploads under way (${concurrent} at a time, ${queued} waiting); send it again in ${RETRY_AFTER_SECONDS} seconds`);
}

async function ingestBatch(context: DriftContext, model: string, upload: Upload): Promise<object> {
  const result = await context.monitor.ingestBatch(model, upload.input);
  context.metrics.recordRows(result.model, result.accepted_rows);
  if (result.report) {
    context.metrics.recordReport(result.model, result.report.report);
    context.onReport(result.report);
  }
  return result;
}

/** JSON by default; the HTML page with `?format=html`, or for a client that asks for text/html (a browser). */
async function getReport(context: DriftContext, model: string, format: 'json' | 'html' | undefined, request: FastifyRequest, reply: FastifyReply): Promise<object> {
  const html = format === 'html' || (format === undefined && (request.headers.accept ?? '').includes('text/html'));
  if (!html) {
    const report = await context.monitor.latestReport(model);
    if (report === undefined) throw noReportYet(context, model);
    return report;
  }
  const comparison = await context.monitor.currentComparison(model);
  if (comparison === undefined) throw noReportYet(context, model);
  const title = `Drift of model ${model}: the newest ${comparison.windowRows} rows against the reference`;
  const page = await context.analysis.run('renderPage', { report: comparison.report, reference: comparison.reference, current: comparison.current, title });
  return reply.type('text/html; charset=utf-8').send(page);
}

function noReportYet(context: DriftContext, model: string): ServiceError {
  return new ServiceError('not-found', `model "${model}": no report yet; one is computed once the window holds ${context.monitor.minWindowRows} rows`);
}

/** Every model with a reference, and the headline of its latest report (null before the first). */
async function listModels(context: DriftContext): Promise<object[]> {
  const models = await context.store.listModels();
  const entries = await Promise.all(
    models.map(async (model) => {
      const profile = await context.store.loadProfileSummary(model);
      // Gone between the listing and this read (no endpoint deletes one today): left out rather than failing the page.
      if (profile === undefined) return undefined;
      const latest = await context.store.latestReport(model, profile.id);
      return {
        model,
        reference: { id: profile.id, created_at: profile.createdAt, rows: profile.rows, columns: profile.columns.length },
        latest_report: latest === undefined ? null : reportHeadline(latest, profile),
      };
    }),
  );
  return entries.filter((entry) => entry !== undefined);
}

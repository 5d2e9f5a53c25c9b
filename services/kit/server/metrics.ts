import type { FastifyInstance } from 'fastify';
import { Counter, Histogram, type Registry, collectDefaultMetrics } from 'prom-client';

const LABELS = ['method', 'route', 'status_code'] as const;

/**
 * Request counts and latency histograms by route pattern and status, default process metrics, and
 * `GET /metrics` (no auth) in Prometheus text format. Unmatched paths share one `route` label so a
 * scanner cannot blow up the number of series.
 */
export function installHttpMetrics(app: FastifyInstance, registry: Registry): void {
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({ name: 'plinth_http_requests_total', help: 'HTTP requests answered, by route and status', labelNames: LABELS, registers: [registry] });
  const duration = new Histogram({
    name: 'plinth_http_request_duration_seconds',
    help: 'Time from request received to response sent, by route and status',
    labelNames: LABELS,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  app.addHook('onResponse', async (request, reply) => {
    const labels = { method: request.method, route: request.routeOptions.url ?? 'unmatched', status_code: String(reply.statusCode) };
    requests.inc(labels);
    duration.observe(labels, reply.elapsedTime / 1000);
  });
  app.get('/metrics', { config: { access: 'public' } }, async (_request, reply) => reply.type(registry.contentType).send(await registry.metrics()));
}

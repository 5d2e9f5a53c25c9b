import type { FastifyInstance } from 'fastify';

/** One dependency that must answer before the service takes traffic (the database, say). */
export interface ReadinessCheck {
  readonly name: string;
  check(): Promise<void>;
}

/**
 * `/healthz`: the process is alive. `/readyz`: every readiness check passes and the service is not
 * shutting down, so a load balancer stops sending traffic as soon as SIGTERM arrives.
 */
export function installHealthEndpoints(app: FastifyInstance, checks: readonly ReadinessCheck[], isClosing: () => boolean): void {
  app.get('/healthz', { config: { access: 'public' } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { config: { access: 'public' } }, async (request, reply) => {
    if (isClosing()) return reply.code(503).send({ status: 'closing' });
    const failed: string[] = [];
    await Promise.all(
      checks.map(async (readiness) => {
        try {
          await readiness.check();
        } catch (error) {
          request.log.warn({ check: readiness.name, err: error }, 'readiness check failed');
          failed.push(readiness.name);
        }
      }),
    );
    return failed.length === 0 ? { status: 'ready' } : reply.code(503).send({ status: 'unavailable', failed });
  });
}

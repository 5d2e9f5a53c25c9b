import type { FastifyPluginAsync } from 'fastify';
import type { Database } from '../../kit/database/database';
import { registryAudit } from './registry-audit';

interface AuditQuerystring {
  after: number;
  max_results: number;
  resource?: string;
}

/** `GET /api/plinth/audit?after=&max_results=&resource=`: the registry's audit trail, oldest first. */
export function auditPlugin(db: Database): FastifyPluginAsync {
  return async (app) => {
    app.get<{ Querystring: AuditQuerystring }>(
      '/audit',
      {
        config: { access: 'read' },
        schema: {
          querystring: {
            type: 'object',
            properties: {
              after: { type: 'integer', minimum: 0, default: 0 },
              max_results: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
              resource: { type: 'string', minLength: 1 },
            },
          },
        },
      },
      async (request) => {
        const { after, max_results, resource } = request.query;
        const events = await registryAudit.read(db, { after, limit: max_results, resource });
        return events.length === max_results ? { events, next_after: events[events.length - 1]!.id } : { events };
      },
    );
  };
}

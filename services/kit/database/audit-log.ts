import type { Queryable } from './database';

/** One change: who (a token name), what, on which resource, with what details. */
export interface AuditEntry {
  readonly actor: string;
  readonly action: string;
  /** `registered-models/<name>` or `registered-models/<name>/versions/<version>` */
  readonly resource: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

export interface AuditEvent extends Required<AuditEntry> {
  readonly id: number;
  /** ISO 8601, from the database clock. */
  readonly time: string;
}

export interface AuditQuery {
  /** Only events after this id (the previous page's last). */
  readonly after: number;
  readonly limit: number;
  /** Only events on this resource and the resources under it. */
  readonly resource?: string;
}

/**
 * An append-only table of changes (the table's own triggers refuse UPDATE, DELETE and TRUNCATE), one per
 * service: the tracking registry's `audit_events`, the gates' `gate_audit_events`.
 */
export class AuditTrail {
  constructor(private readonly table: string) {}

  /** Appends an event in the caller's transaction, so a change and its record commit together. */
  async record(tx: Queryable, entry: AuditEntry): Promise<void> {
    await tx.query(`INSERT INTO ${this.table} (actor, action, resource, details) VALUES ($1, $2, $3, $4)`, [
      entry.actor,
      entry.action,
      entry.resource,
      JSON.stringify(entry.details ?? {}),
    ]);
  }

  /** Events oldest first. */
  async read(db: Queryable, query: AuditQuery): Promise<AuditEvent[]> {
    const rows = await db.query<{ event_id: number; occurred_at: Date | string; actor: string; action: string; resource: string; details: Record<string, unknown> }>(
      `SELECT event_id, occurred_at, actor, action, resource, details FROM ${this.table}
       WHERE event_id > $1 AND ($2::text IS NULL OR resource = $2 OR starts_with(resource, $2 || '/'))
       ORDER BY event_id LIMIT $3`,
      [query.after, query.resource ?? null, query.limit],
    );
    return rows.map((row) => ({
      id: row.event_id,
      time: new Date(row.occurred_at).toISOString(),
      actor: row.actor,
      action: row.action,
      resource: row.resource,
      details: row.details,
    }));
  }
}

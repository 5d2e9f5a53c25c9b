import { AuditTrail, type AuditEvent } from '../../kit/database/audit-log';
import type { Database, Queryable } from '../../kit/database/database';
import { ServiceError } from '../../kit/server/errors';
import type { GateDecision } from '../decision/decide';
import type { NamedReport, PromotionTarget } from '../registry/promotion';

/**
 * Where a promotion is. failed: a gate did not pass. pending-approval: passed, high risk, waiting for an approver.
 * promoting: being published (claimed by one request). promoted: the champion. rejected: an approver said no.
 * incomplete: passed (or approved) but could not be completed; `detail` says why, and it may be requested again.
 */
export const PROMOTION_STATUSES = ['failed', 'pending-approval', 'promoting', 'promoted', 'rejected', 'incomplete'] as const;
export type PromotionStatus = (typeof PROMOTION_STATUSES)[number];

/** What a request records once the gates decided. */
export interface NewPromotion {
  readonly model: string;
  readonly version: string;
  readonly status: 'failed' | 'pending-approval' | 'promoting';
  readonly risk: string;
  readonly requestedBy: string;
  readonly championVersion?: string;
  readonly reportUri: string;
  readonly decision: GateDecision;
  readonly lineage: Readonly<Record<string, string>>;
  readonly report: NamedReport;
  readonly target: PromotionTarget;
}

/** A promotion as stored and answered (snake_case, as Plinth's other APIs). */
export interface StoredPromotion {
  readonly id: number;
  readonly model: string;
  readonly version: string;
  readonly status: PromotionStatus;
  readonly risk: string;
  readonly requested_by: string;
  readonly requested_at: string;
  readonly champion_version?: string;
  readonly decided_by?: string;
  readonly decided_at?: string;
  readonly comment?: string;
  readonly detail?: string;
  readonly report_uri: string;
  readonly model_card_uri?: string;
  readonly decision: GateDecision;
  readonly lineage: Readonly<Record<string, string>>;
  readonly report: NamedReport;
  readonly target: PromotionTarget;
}

/** How a promotion ends (or goes back to waiting, when completing an approval failed). */
export interface PromotionEnd {
  readonly status: Exclude<PromotionStatus, 'promoting'>;
  readonly decidedBy?: string;
  readonly comment?: string;
  readonly detail?: string;
  readonly modelCardUri?: string;
}

export interface PromotionQuery {
  readonly model?: string;
  /** Only this version's promotions (with `model`: the version history a model page shows). */
  readonly version?: string;
  readonly status?: PromotionStatus;
  /** Only promotions with a smaller id (the previous page's last): newest first. */
  readonly before?: number;
  readonly limit: number;
}

interface Row {
  promotion_id: string | number;
  model: string;
  version: string;
  status: PromotionStatus;
  risk: string;
  requested_by: string;
  requested_at: Date | string;
  champion_version: string | null;
  decided_by: string | null;
  decided_at: Date | string | null;
  comment: string | null;
  detail: string | null;
  report_uri: string;
  model_card_uri: string | null;
  decision: GateDecision;
  lineage: Record<string, string>;
  report: NamedReport;
  target: PromotionTarget;
}

const iso = (value: Date | string) => new Date(value).toISOString();

function fromRow(row: Row): StoredPromotion {
  return {
    id: Number(row.promotion_id),
    model: row.model,
    version: row.version,
    status: row.status,
    risk: row.risk,
    requested_by: row.requested_by,
    requested_at: iso(row.requested_at),
    ...(row.champion_version === null ? {} : { champion_version: row.champion_version }),
    ...(row.decided_by === null ? {} : { decided_by: row.decided_by }),
    ...(row.decided_at === null ? {} : { decided_at: iso(row.decided_at) }),
    ...(row.comment === null ? {} : { comment: row.comment }),
    ...(row.detail === null ? {} : { detail: row.detail }),
    report_uri: row.report_uri,
    ...(row.model_card_uri === null ? {} : { model_card_uri: row.model_card_uri }),
    decision: row.decision,
    lineage: row.lineage,
    report: row.report,
    target: row.target,
  };
}

/** `models/<model>/promotions/<id>`: the audit trail of one model is everything under `models/<model>`. */
export function promotionResource(model: string, id?: number): string {
  return id === undefined ? `models/${model}` : `models/${model}/promotions/${id}`;
}

const UNIQUE_VIOLATION = '23505';

/**
 * The gates service's promotions and audit trail in its database. Every change and its audit event commit in
 * one transaction; a status moves only from the state the caller saw (a compare-and-set), so two approvers
 * clicking at once cannot both publish.
 */
export class PromotionStore {
  readonly audit = new AuditTrail('gate_audit_events');

  constructor(private readonly db: Database) {}

  async create(promotion: NewPromotion): Promise<StoredPromotion> {
    try {
      return await this.db.transaction(async (tx) => {
        const [row] = await tx.query<Row>(
          `INSERT INTO gate_promotions (model, version, status, risk, requested_by, champion_version, report_uri, decision, lineage, report, target)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING *`,
          [
            promotion.model,
            promotion.version,
            promotion.status,
            promotion.risk,
            promotion.requestedBy,
            promotion.championVersion ?? null,
            promotion.reportUri,
            JSON.stringify(promotion.decision),
            JSON.stringify(promotion.lineage),
            JSON.stringify(promotion.report),
            JSON.stringify(promotion.target),
          ],
        );
        const stored = fromRow(row!);
        await this.record(tx, stored, promotion.requestedBy, 'request', {
          version: stored.version,
          verdict: stored.decision.verdict,
          status: stored.status,
          report: stored.report_uri,
        });
        return stored;
      });
    } catch (error) {
      if ((error as { code?: string }).code === UNIQUE_VIOLATION) throw this.alreadyPending(promotion.model, promotion.version);
      throw error;
    }
  }

  alreadyPending(model: string, version: string): ServiceError {
    return new ServiceError(
      'conflict',
      `'${model}' version ${version} already has a promotion waiting for an approver: approve or reject it (GET /api/gates/promotions?model=${model}&status=pending-approval)`,
    );
  }

  async get(id: number): Promise<StoredPromotion | undefined> {
    const [row] = await this.db.query<Row>('SELECT * FROM gate_promotions WHERE promotion_id = $1', [id]);
    return row && fromRow(row);
  }

  /** The open promotion of a version (waiting or being published), if any. */
  async pendingOf(model: string, version: string): Promise<StoredPromotion | undefined> {
    const [row] = await this.db.query<Row>("SELECT * FROM gate_promotions WHERE model = $1 AND version = $2 AND status IN ('pending-approval', 'promoting')", [model, version]);
    return row && fromRow(row);
  }

  /** Newest first. */
  async list(query: PromotionQuery): Promise<StoredPromotion[]> {
    const rows = await this.db.query<Row>(
      `SELECT * FROM gate_promotions
       WHERE ($1::text IS NULL OR model = $1) AND ($2::text IS NULL OR status = $2) AND ($3::bigint IS NULL OR promotion_id < $3)
         AND ($5::text IS NULL OR version = $5)
       ORDER BY promotion_id DESC LIMIT $4`,
      [query.model ?? null, query.status ?? null, query.before ?? null, query.limit, query.version ?? null],
    );
    return rows.map(fromRow);
  }

  async countPending(): Promise<number> {
    const [row] = await this.db.query<{ count: string | number }>("SELECT count(*) AS count FROM gate_promotions WHERE status = 'pending-approval'");
    return Number(row!.count);
  }

  /**
   * Moves a promotion from `from` to `promoting` and records who did it; undefined when it was not in `from`
   * any more (another request got there first).
   */
  async claim(id: number, from: PromotionStatus, actor: string, action: string, details: Record<string, unknown>): Promise<StoredPromotion | undefined> {
    return this.db.transaction(async (tx) => {
      const [row] = await tx.query<Row>("UPDATE gate_promotions SET status = 'promoting' WHERE promotion_id = $1 AND status = $2 RETURNING *", [id, from]);
      if (!row) return undefined;
      const claimed = fromRow(row);
      await this.record(tx, claimed, actor, action, details);
      return claimed;
    });
  }

  /** Ends a promotion that is `from` (or returns it to waiting), with its audit event. */
  async finish(id: number, from: PromotionStatus, end: PromotionEnd, actor: string, action: string, details: Record<string, unknown> = {}): Promise<StoredPromotion> {
    return this.db.transaction(async (tx) => {
      const decided = end.decidedBy !== undefined;
      const [row] = await tx.query<Row>(
        `UPDATE gate_promotions SET status = $3,
           decided_by = CASE WHEN $4 THEN $5 ELSE decided_by END, decided_at = CASE WHEN $4 THEN now() ELSE decided_at END,
           comment = COALESCE($6, comment), detail = $7, model_card_uri = COALESCE($8, model_card_uri)
         WHERE promotion_id = $1 AND status = $2 RETURNING *`,
        [id, from, end.status, decided, end.decidedBy ?? null, end.comment ?? null, end.detail ?? null, end.modelCardUri ?? null],
      );
      if (!row) throw new ServiceError('conflict', `promotion ${id} is no longer ${from}`);
      const finished = fromRow(row);
      await this.record(tx, finished, actor, action, {
        status: finished.status,
        ...details,
      });
      return finished;
    });
  }

  /** Appends an event about a promotion outside a change (a notification delivered or not). */
  async note(promotion: StoredPromotion, actor: string, action: string, details: Record<string, unknown>): Promise<void> {
    await this.record(this.db, promotion, actor, action, details);
  }

  async events(query: { readonly model?: string; readonly promotion?: StoredPromotion; readonly after: number; readonly limit: number }): Promise<AuditEvent[]> {
    const resource = query.promotion ? promotionResource(query.promotion.model, query.promotion.id) : query.model === undefined ? undefined : promotionResource(query.model);
    return this.audit.read(this.db, {
      after: query.after,
      limit: query.limit,
      ...(resource === undefined ? {} : { resource }),
    });
  }

  private async record(tx: Queryable, promotion: StoredPromotion, actor: string, action: string, details: Record<string, unknown>): Promise<void> {
    await this.audit.record(tx, {
      actor,
      action,
      resource: promotionResource(promotion.model, promotion.id),
      details: {
        model: promotion.model,
        version: promotion.version,
        ...details,
      },
    });
  }
}

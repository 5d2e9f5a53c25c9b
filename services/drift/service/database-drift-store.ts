import type { Database } from '../../kit/database/database';
import type { CurrentWindow, DriftStore, ProfileSummary, ReferenceProfile, ReportPage, StoredReport, TriggerRecord, WindowRow } from '../monitor/drift-store';
import type { DriftReport } from '../report';

/**
 * A DriftStore in PostgreSQL (a server or embedded PGlite) through the kit's Database, on the tables of
 * migrations/. JSON goes in as text cast to jsonb: pg would turn a JavaScript array into a PostgreSQL array.
 */
export class DatabaseDriftStore implements DriftStore {
  constructor(private readonly db: Database) {}

  async saveProfile(profile: ReferenceProfile): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query('DELETE FROM drift_profiles WHERE model = $1', [profile.model]);
      await tx.query(
        `INSERT INTO drift_profiles (model, profile_id, created_at, columns, row_count, column_values, options)
         VALUES ($1, $2, $3, $4::jsonb, $5, $6::jsonb, $7::jsonb)`,
        [profile.model, profile.id, profile.createdAt, JSON.stringify(profile.columns), profile.rows, profile.valuesJson ?? JSON.stringify(profile.values), JSON.stringify(profile.options)],
      );
      await tx.query('INSERT INTO drift_windows (model, profile_id, rows_seen) VALUES ($1, $2, 0)', [profile.model, profile.id]);
    });
  }

  async loadProfile(model: string): Promise<ReferenceProfile | undefined> {
    const [row] = await this.db.query<ProfileRow>('SELECT * FROM drift_profiles WHERE model = $1', [model]);
    return row === undefined ? undefined : { ...profileSummary(row), values: row.column_values };
  }

  async loadProfileSummary(model: string): Promise<ProfileSummary | undefined> {
    const [row] = await this.db.query<Omit<ProfileRow, 'column_values'>>(
      'SELECT model, profile_id, created_at, columns, row_count, options FROM drift_profiles WHERE model = $1',
      [model],
    );
    return row === undefined ? undefined : profileSummary(row);
  }

  async listModels(): Promise<string[]> {
    return (await this.db.query<{ model: string }>('SELECT model FROM drift_profiles ORDER BY model')).map((row) => row.model);
  }

  async appendToWindow(model: string, profileId: string, rows: readonly WindowRow[], keepRows: number): Promise<CurrentWindow | undefined> {
    return this.db.transaction(async (tx) => {
      // FOR UPDATE: concurrent batches of one model append one after the other, each numbering its rows on.
      const [window] = await tx.query<{ profile_id: string; rows_seen: number }>('SELECT profile_id, rows_seen FROM drift_windows WHERE model = $1 FOR UPDATE', [model]);
      if (window === undefined || window.profile_id !== profileId) return undefined;
      const rowsSeen = window.rows_seen + rows.length;
      await tx.query(
        `INSERT INTO drift_window_rows (model, seq, cells)
         SELECT $1, $2::bigint + ordinality, value FROM jsonb_array_elements($3::jsonb) WITH ORDINALITY`,
        [model, window.rows_seen, JSON.stringify(rows)],
      );
      await tx.query('UPDATE drift_windows SET rows_seen = $2 WHERE model = $1', [model, rowsSeen]);
      await tx.query('DELETE FROM drift_window_rows WHERE model = $1 AND seq <= $2', [model, rowsSeen - keepRows]);
      const cells = await tx.query<{ cells: WindowRow }>('SELECT cells FROM drift_window_rows WHERE model = $1 ORDER BY seq', [model]);
      return { profileId, rows: cells.map((row) => row.cells), rowsSeen };
    });
  }

  async readWindow(model: string): Promise<CurrentWindow | undefined> {
    return this.db.transaction(async (tx) => {
      const [window] = await tx.query<{ profile_id: string; rows_seen: number }>('SELECT profile_id, rows_seen FROM drift_windows WHERE model = $1', [model]);
      if (window === undefined) return undefined;
      const cells = await tx.query<{ cells: WindowRow }>('SELECT cells FROM drift_window_rows WHERE model = $1 ORDER BY seq', [model]);
      return { profileId: window.profile_id, rows: cells.map((row) => row.cells), rowsSeen: window.rows_seen };
    });
  }

  async saveReport(report: StoredReport): Promise<void> {
    await this.db.query(
      `INSERT INTO drift_reports (id, model, reference_id, created_at, window_rows, rows_seen, report) VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)`,
      [report.id, report.model, report.reference_id, report.created_at, report.window_rows, report.rows_seen, JSON.stringify(report.report)],
    );
  }

  async latestReport(model: string, profileId: string): Promise<StoredReport | undefined> {
    const [latest] = await this.listReports(model, profileId, { maxResults: 1 });
    return latest;
  }

  /** Walks the index drift_reports_latest (model, reference_id, rows_seen DESC): a page costs its own rows only. */
  async listReports(model: string, profileId: string, { maxResults, beforeRowsSeen }: ReportPage): Promise<StoredReport[]> {
    const rows = await this.db.query<ReportRow>(
      `SELECT * FROM drift_reports WHERE model = $1 AND reference_id = $2 AND ($3::bigint IS NULL OR rows_seen < $3::bigint)
       ORDER BY rows_seen DESC, created_at DESC LIMIT $4`,
      [model, profileId, beforeRowsSeen ?? null, maxResults],
    );
    return rows.map((row) => ({ ...row, created_at: iso(row.created_at), report: withInfiniteStatistics(row.report) }));
  }

  async recordTrigger(record: TriggerRecord): Promise<void> {
    await this.db.query(
      `INSERT INTO drift_triggers (id, model, reason, report_id, idempotency_key, outcome, detail, attempts, started_at, finished_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10)`,
      [record.id, record.model, record.reason, record.report_id ?? null, record.idempotency_key, record.outcome, record.detail ?? null, JSON.stringify(record.attempts), record.started_at, record.finished_at],
    );
  }

  async listTriggers(model: string): Promise<TriggerRecord[]> {
    const rows = await this.db.query<TriggerRow>('SELECT * FROM drift_triggers WHERE model = $1 ORDER BY finished_at DESC, started_at DESC', [model]);
    return rows.map(triggerRecord);
  }

  async lastDeliveredTrigger(model: string): Promise<TriggerRecord | undefined> {
    const [row] = await this.db.query<TriggerRow>(
      "SELECT * FROM drift_triggers WHERE model = $1 AND outcome = 'delivered' ORDER BY finished_at DESC LIMIT 1",
      [model],
    );
    return row === undefined ? undefined : triggerRecord(row);
  }
}

type ReportRow = Omit<StoredReport, 'created_at'> & { created_at: Date | string };

interface ProfileRow {
  model: string;
  profile_id: string;
  created_at: Date | string;
  columns: ReferenceProfile['columns'];
  row_count: number;
  column_values: ReferenceProfile['values'];
  options: ReferenceProfile['options'];
}

function profileSummary(row: Omit<ProfileRow, 'column_values'>): ProfileSummary {
  return { model: row.model, id: row.profile_id, createdAt: iso(row.created_at), columns: row.columns, rows: row.row_count, options: row.options };
}

type TriggerRow = Omit<TriggerRecord, 'report_id' | 'detail' | 'started_at' | 'finished_at'> & {
  report_id: string | null;
  detail: string | null;
  started_at: Date | string;
  finished_at: Date | string;
};

/** Optional fields are absent, not null, as the in-memory store gives them. */
function triggerRecord(row: TriggerRow): TriggerRecord {
  const { report_id, detail, ...rest } = row;
  return {
    ...rest,
    ...(report_id === null ? {} : { report_id }),
    ...(detail === null ? {} : { detail }),
    started_at: iso(row.started_at),
    finished_at: iso(row.finished_at),
  };
}

/**
 * JSON has no Infinity: a chi-square statistic of a value seen only in the current data, and the centroid
 * distance of embeddings whose centroids are beyond float64's range apart, were stored as null (as the
 * report's JSON documents it). Read back as Infinity, the report is the one that was saved.
 */
function withInfiniteStatistics(report: DriftReport): DriftReport {
  const columns = Object.fromEntries(
    Object.entries(report.columns).map(([name, column]) => [name, column.statistic === null ? { ...column, statistic: Infinity } : column]),
  );
  if (report.embeddings === undefined) return { ...report, columns };
  const embeddings = Object.fromEntries(
    Object.entries(report.embeddings).map(([name, embedding]) => {
      const { centroid_distance: distance } = embedding;
      return [name, distance.value === null ? { ...embedding, centroid_distance: { ...distance, value: Infinity } } : embedding];
    }),
  );
  return { ...report, columns, embeddings };
}

/** TIMESTAMPTZ comes back as a Date from both drivers; the domain keeps ISO text. */
function iso(value: Date | string): string {
  return new Date(value).toISOString();
}

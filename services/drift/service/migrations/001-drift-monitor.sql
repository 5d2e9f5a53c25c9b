-- The drift monitor's state (services/drift/monitor/drift-store.ts): one reference profile per model, its
-- window of current rows, the reports computed on it, and the retraining triggers sent.

CREATE TABLE drift_profiles (
  model TEXT PRIMARY KEY,
  profile_id TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL,
  columns JSONB NOT NULL,
  row_count INTEGER NOT NULL,
  -- Typed cells by column name: the reference data the tests need whole.
  column_values JSONB NOT NULL,
  options JSONB NOT NULL
);

-- The window's bookkeeping, one row per model; reset when the profile is replaced.
CREATE TABLE drift_windows (
  model TEXT PRIMARY KEY REFERENCES drift_profiles (model) ON DELETE CASCADE,
  profile_id TEXT NOT NULL,
  rows_seen BIGINT NOT NULL
);

-- The window's rows: seq is the row's number among the rows seen since the profile was registered.
CREATE TABLE drift_window_rows (
  model TEXT NOT NULL REFERENCES drift_windows (model) ON DELETE CASCADE,
  seq BIGINT NOT NULL,
  cells JSONB NOT NULL,
  PRIMARY KEY (model, seq)
);

CREATE TABLE drift_reports (
  id TEXT PRIMARY KEY,
  model TEXT NOT NULL,
  reference_id TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL,
  window_rows INTEGER NOT NULL,
  rows_seen BIGINT NOT NULL,
  report JSONB NOT NULL
);
CREATE INDEX drift_reports_latest ON drift_reports (model, reference_id, rows_seen DESC, created_at DESC);

CREATE TABLE drift_triggers (
  id TEXT PRIMARY KEY,
  model TEXT NOT NULL,
  reason TEXT NOT NULL,
  report_id TEXT,
  idempotency_key TEXT NOT NULL,
  outcome TEXT NOT NULL,
  detail TEXT,
  attempts JSONB NOT NULL,
  started_at TIMESTAMPTZ NOT NULL,
  finished_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX drift_triggers_by_model ON drift_triggers (model, finished_at DESC);

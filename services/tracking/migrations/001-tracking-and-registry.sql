-- Tracking and model registry schema, MLflow's entities in PostgreSQL (embedded PGlite runs the same).
-- Times are milliseconds since the epoch, as in MLflow's API.

CREATE TABLE experiments (
  experiment_id BIGINT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  artifact_location TEXT NOT NULL,
  lifecycle_stage TEXT NOT NULL DEFAULT 'active',
  creation_time BIGINT NOT NULL,
  last_update_time BIGINT NOT NULL
);
-- Experiment 0 is MLflow's "Default", which clients use when they name none.
CREATE SEQUENCE experiment_ids START WITH 1 OWNED BY experiments.experiment_id;
INSERT INTO experiments VALUES (0, 'Default', 'mlflow-artifacts:/0', 'active',
  (extract(epoch FROM now()) * 1000)::bigint, (extract(epoch FROM now()) * 1000)::bigint);

CREATE TABLE experiment_tags (
  experiment_id BIGINT NOT NULL REFERENCES experiments ON DELETE CASCADE,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (experiment_id, key)
);

CREATE TABLE runs (
  run_id TEXT PRIMARY KEY,
  experiment_id BIGINT NOT NULL REFERENCES experiments,
  run_name TEXT NOT NULL,
  user_id TEXT NOT NULL,
  status TEXT NOT NULL,
  start_time BIGINT NOT NULL,
  end_time BIGINT,
  lifecycle_stage TEXT NOT NULL DEFAULT 'active',
  artifact_uri TEXT NOT NULL,
  deleted_time BIGINT
);
CREATE INDEX runs_by_experiment ON runs (experiment_id, start_time DESC, run_id);

CREATE TABLE params (
  run_id TEXT NOT NULL REFERENCES runs ON DELETE CASCADE,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (run_id, key)
);

CREATE TABLE tags (
  run_id TEXT NOT NULL REFERENCES runs ON DELETE CASCADE,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (run_id, key)
);

-- Every logged value: the history. Appended only, so no key beyond the index for reading it back.
CREATE TABLE metrics (
  run_id TEXT NOT NULL REFERENCES runs ON DELETE CASCADE,
  key TEXT NOT NULL,
  value DOUBLE PRECISION NOT NULL,
  timestamp BIGINT NOT NULL,
  step BIGINT NOT NULL
);
CREATE INDEX metrics_history ON metrics (run_id, key, timestamp, step);

-- The value a run shows and searches on: the one with the largest (step, timestamp, value).
CREATE TABLE latest_metrics (
  run_id TEXT NOT NULL REFERENCES runs ON DELETE CASCADE,
  key TEXT NOT NULL,
  value DOUBLE PRECISION NOT NULL,
  timestamp BIGINT NOT NULL,
  step BIGINT NOT NULL,
  PRIMARY KEY (run_id, key)
);

CREATE TABLE datasets (
  dataset_id BIGSERIAL PRIMARY KEY,
  experiment_id BIGINT NOT NULL REFERENCES experiments,
  name TEXT NOT NULL,
  digest TEXT NOT NULL,
  source_type TEXT NOT NULL,
  source TEXT NOT NULL,
  schema TEXT,
  profile TEXT,
  UNIQUE (experiment_id, name, digest)
);

CREATE TABLE run_inputs (
  run_id TEXT NOT NULL REFERENCES runs ON DELETE CASCADE,
  dataset_id BIGINT NOT NULL REFERENCES datasets,
  tags JSONB NOT NULL DEFAULT '[]',
  PRIMARY KEY (run_id, dataset_id)
);

CREATE TABLE registered_models (
  name TEXT PRIMARY KEY,
  description TEXT,
  creation_timestamp BIGINT NOT NULL,
  last_updated_timestamp BIGINT NOT NULL,
  -- Version numbers are never reused, even after the latest version is deleted.
  last_version INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE registered_model_tags (
  name TEXT NOT NULL REFERENCES registered_models ON DELETE CASCADE ON UPDATE CASCADE,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (name, key)
);

CREATE TABLE model_versions (
  name TEXT NOT NULL REFERENCES registered_models ON DELETE CASCADE ON UPDATE CASCADE,
  version INTEGER NOT NULL,
  creation_timestamp BIGINT NOT NULL,
  last_updated_timestamp BIGINT NOT NULL,
  description TEXT,
  user_id TEXT,
  current_stage TEXT NOT NULL DEFAULT 'None',
  source TEXT NOT NULL,
  storage_location TEXT NOT NULL,
  run_id TEXT REFERENCES runs,
  run_link TEXT,
  status TEXT NOT NULL DEFAULT 'READY',
  status_message TEXT,
  PRIMARY KEY (name, version)
);

CREATE TABLE model_version_tags (
  name TEXT NOT NULL,
  version INTEGER NOT NULL,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (name, version, key),
  FOREIGN KEY (name, version) REFERENCES model_versions ON DELETE CASCADE ON UPDATE CASCADE
);

CREATE TABLE registered_model_aliases (
  name TEXT NOT NULL,
  alias TEXT NOT NULL,
  version INTEGER NOT NULL,
  PRIMARY KEY (name, alias),
  FOREIGN KEY (name, version) REFERENCES model_versions ON DELETE CASCADE ON UPDATE CASCADE
);

-- Who changed the registry, and when. Append-only: the database itself refuses edits.
CREATE TABLE audit_events (
  event_id BIGSERIAL PRIMARY KEY,
  occurred_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  resource TEXT NOT NULL,
  details JSONB NOT NULL DEFAULT '{}'
);

CREATE FUNCTION audit_events_are_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only';
END
$$;
CREATE TRIGGER audit_events_no_update_or_delete BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_are_append_only();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_are_append_only();

-- MLflow 3: logged models (what `log_model` creates), the models a run used and produced, traces,
-- and the logged model a model version was registered from.

CREATE TABLE logged_models (
  model_id TEXT PRIMARY KEY,
  experiment_id BIGINT NOT NULL REFERENCES experiments,
  name TEXT NOT NULL,
  artifact_location TEXT NOT NULL,
  creation_timestamp_ms BIGINT NOT NULL,
  last_updated_timestamp_ms BIGINT NOT NULL,
  status TEXT NOT NULL,
  -- Deleting a logged model only hides it, as MLflow does: versions registered from it keep their source.
  lifecycle_stage TEXT NOT NULL DEFAULT 'active',
  model_type TEXT,
  source_run_id TEXT REFERENCES runs,
  status_message TEXT
);
CREATE INDEX logged_models_by_experiment ON logged_models (experiment_id, creation_timestamp_ms DESC, model_id);

CREATE TABLE logged_model_tags (
  model_id TEXT NOT NULL REFERENCES logged_models ON DELETE CASCADE,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (model_id, key)
);

CREATE TABLE logged_model_params (
  model_id TEXT NOT NULL REFERENCES logged_models ON DELETE CASCADE,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (model_id, key)
);

CREATE TABLE run_model_inputs (
  run_id TEXT NOT NULL REFERENCES runs ON DELETE CASCADE,
  model_id TEXT NOT NULL REFERENCES logged_models,
  PRIMARY KEY (run_id, model_id)
);

CREATE TABLE run_model_outputs (
  run_id TEXT NOT NULL REFERENCES runs ON DELETE CASCADE,
  model_id TEXT NOT NULL REFERENCES logged_models,
  step BIGINT NOT NULL,
  PRIMARY KEY (run_id, model_id)
);

ALTER TABLE model_versions ADD COLUMN model_id TEXT REFERENCES logged_models;

-- A trace's metadata; its spans are a file (traces.json) in the artifact store, written by the client.
CREATE TABLE traces (
  trace_id TEXT PRIMARY KEY,
  experiment_id BIGINT NOT NULL REFERENCES experiments,
  client_request_id TEXT,
  request_time BIGINT NOT NULL,
  execution_duration BIGINT,
  state TEXT NOT NULL,
  request_preview TEXT,
  response_preview TEXT
);
CREATE INDEX traces_by_experiment ON traces (experiment_id, request_time DESC, trace_id);

CREATE TABLE trace_tags (
  trace_id TEXT NOT NULL REFERENCES traces ON DELETE CASCADE,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (trace_id, key)
);

CREATE TABLE trace_metadata (
  trace_id TEXT NOT NULL REFERENCES traces ON DELETE CASCADE,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (trace_id, key)
);

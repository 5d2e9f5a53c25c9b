-- MLflow 3 links a logged metric to a logged model and to the dataset it was computed on.
ALTER TABLE metrics ADD COLUMN model_id TEXT, ADD COLUMN dataset_name TEXT, ADD COLUMN dataset_digest TEXT;
CREATE INDEX metrics_by_model ON metrics (model_id, key) WHERE model_id IS NOT NULL;

-- The value a logged model shows, searches and sorts on for each metric: its latest, as for runs.
CREATE VIEW logged_model_latest_metrics AS
  SELECT DISTINCT ON (model_id, key) model_id, key, value
  FROM metrics WHERE model_id IS NOT NULL
  ORDER BY model_id, key, step DESC, timestamp DESC, value DESC;

-- The UI's sampled charts (get-history-bulk-interval) pick steps and read only their rows: by step,
-- not by time as metric history reads. Without it a 100,000-step run is read whole for 1,000 points.
CREATE INDEX metrics_by_step ON metrics (run_id, key, step, timestamp);

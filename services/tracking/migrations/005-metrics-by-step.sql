-- The UI's sampled charts (get-history-bulk-interval) read metrics by step, not by time as the metric
-- history does: each run's first and last step are the ends of this index, and the rows of the
-- sampled steps one lookup each instead of a pass over the whole history.
CREATE INDEX metrics_by_step ON metrics (run_id, key, step, timestamp);

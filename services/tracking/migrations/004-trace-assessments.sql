-- MLflow 3's assessments of a trace (feedback, expectations), kept as the client sent them.
CREATE TABLE trace_assessments (
  assessment_id TEXT PRIMARY KEY,
  trace_id TEXT NOT NULL REFERENCES traces ON DELETE CASCADE,
  create_time BIGINT NOT NULL,
  assessment JSONB NOT NULL
);
CREATE INDEX trace_assessments_by_trace ON trace_assessments (trace_id, create_time);

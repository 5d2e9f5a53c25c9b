-- The gates service's promotions: one row per request, from the gates' decision to its end.
CREATE TABLE gate_promotions (
  promotion_id BIGSERIAL PRIMARY KEY,
  model TEXT NOT NULL,
  version TEXT NOT NULL,
  -- failed: a gate did not pass. pending-approval: passed, high risk, waiting for an approver.
  -- promoting: being published (claimed by one request). promoted: champion. rejected: an approver said no.
  -- incomplete: passed but publishing failed (the request says why); request it again.
  status TEXT NOT NULL CHECK (status IN ('failed', 'pending-approval', 'promoting', 'promoted', 'rejected', 'incomplete')),
  risk TEXT NOT NULL,
  requested_by TEXT NOT NULL,
  requested_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  -- The champion the candidate was compared with: an approval after it moved is refused as stale.
  champion_version TEXT,
  decided_by TEXT,
  decided_at TIMESTAMPTZ,
  comment TEXT,
  detail TEXT,
  report_uri TEXT NOT NULL,
  model_card_uri TEXT,
  -- What completing the promotion later needs: the decision, lineage and report (JSON), and where it goes.
  decision JSONB NOT NULL,
  lineage JSONB NOT NULL,
  report JSONB NOT NULL,
  target JSONB NOT NULL
);
CREATE INDEX gate_promotions_by_model ON gate_promotions (model, promotion_id);
-- One request of a version waits for an approver at a time.
CREATE UNIQUE INDEX gate_promotions_one_pending ON gate_promotions (model, version) WHERE status IN ('pending-approval', 'promoting');

-- Who did what to which promotion: requests, decisions, approvals, rejections, notifications. Append-only.
CREATE TABLE gate_audit_events (
  event_id BIGSERIAL PRIMARY KEY,
  occurred_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  resource TEXT NOT NULL,
  details JSONB NOT NULL DEFAULT '{}'
);
CREATE FUNCTION gate_audit_events_are_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'gate_audit_events is append-only';
END
$$;
CREATE TRIGGER gate_audit_events_no_update_or_delete BEFORE UPDATE OR DELETE ON gate_audit_events
  FOR EACH ROW EXECUTE FUNCTION gate_audit_events_are_append_only();
CREATE TRIGGER gate_audit_events_no_truncate BEFORE TRUNCATE ON gate_audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION gate_audit_events_are_append_only();

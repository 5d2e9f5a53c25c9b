import { ErrorNotice, Loading, useAsync } from '../../components/status';
import { formatTime } from '../../format';
import { driftApi, type TriggerRecord } from './drift-api';

const OUTCOME_BADGE: Record<TriggerRecord['outcome'], string> = { delivered: 'pass', rejected: 'fail', failed: 'fail', suppressed: 'pending' };

/** The retraining triggers the drift service sent (or held back) for the model, newest first. */
export function TriggersTable({ model }: { model: string }) {
  const triggers = useAsync(() => driftApi.triggers(model), [model]);
  if (triggers.error) return <ErrorNotice error={triggers.error} />;
  if (!triggers.data) return <Loading what="the retraining triggers" />;
  return (
    <div class="table-wrap">
      <table class="data">
        <caption>Retraining triggers</caption>
        <thead>
          <tr>
            <th scope="col">Finished</th>
            <th scope="col">Reason</th>
            <th scope="col">Outcome</th>
            <th scope="col">Attempts</th>
            <th scope="col">Report</th>
            <th scope="col">Detail</th>
          </tr>
        </thead>
        <tbody>
          {triggers.data.triggers.length === 0 ? (
            <tr>
              <td colSpan={6} class="muted">
                No retraining trigger has fired for this model.
              </td>
            </tr>
          ) : (
            triggers.data.triggers.map((trigger) => (
              <tr key={trigger.id}>
                <td>{formatTime(trigger.finished_at)}</td>
                <td>{trigger.reason}</td>
                <td>
                  <span class={`badge ${OUTCOME_BADGE[trigger.outcome]}`}>{trigger.outcome}</span>
                </td>
                <td>{attempts(trigger)}</td>
                <td>
                  <code>{trigger.report_id ?? '–'}</code>
                </td>
                <td>{trigger.detail ?? ''}</td>
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}

/** "2: 503, 204": how many, and what each got. */
function attempts(trigger: TriggerRecord): string {
  if (trigger.attempts.length === 0) return '0';
  return `${trigger.attempts.length}: ${trigger.attempts.map((attempt) => attempt.status ?? attempt.error ?? '?').join(', ')}`;
}

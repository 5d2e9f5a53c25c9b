/** MLflow's run statuses as badges: finished passes, failed and killed fail, the rest are under way. */
const BADGE: Record<string, string> = { FINISHED: 'pass', FAILED: 'fail', KILLED: 'fail', RUNNING: 'pending', SCHEDULED: 'pending' };

export function StatusBadge({ status }: { status: string }) {
  return <span class={`badge ${BADGE[status] ?? ''}`}>{status.toLowerCase()}</span>;
}

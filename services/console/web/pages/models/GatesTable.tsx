import { formatNumber } from '../../format';
import type { GateRow } from './gate-tags';

/** The badge class of a verdict or status: green for a pass, red for a failure, amber while waiting. */
export function badgeClass(word: string): string {
  if (word === 'pass' || word === 'promoted' || word === 'approved') return 'badge pass';
  if (word === 'fail' || word === 'failed' || word === 'rejected' || word === 'undefined' || word === 'incomplete') return 'badge fail';
  if (word === 'pending-approval' || word === 'needs-approval' || word === 'promoting') return 'badge pending';
  return 'badge';
}

/**
 * Every gate of one decision: what was measured, what the policy allows, and the verdict with its reason.
 * The gates that did not pass come first, as they are what a reviewer reads.
 */
export function GatesTable({ caption, gates }: { caption: string; gates: readonly GateRow[] }) {
  const ordered = [...gates].sort((a, b) => Number(a.verdict === 'pass') - Number(b.verdict === 'pass'));
  return (
    <div class="table-wrap">
      <table class="data gates">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Gate</th>
            <th scope="col">Value</th>
            <th scope="col">Threshold</th>
            <th scope="col">Verdict</th>
          </tr>
        </thead>
        <tbody>
          {ordered.length === 0 && (
            <tr>
              <td colSpan={4} class="muted">
                The policy had no gates.
              </td>
            </tr>
          )}
          {ordered.map((gate, index) => (
            <tr key={index}>
              <th scope="row">
                <span class="muted">{gate.gate}:</span> {gate.name}
              </th>
              <td class={typeof gate.measured === 'number' ? 'number' : undefined}>{gate.measured === null ? '–' : typeof gate.measured === 'number' ? formatNumber(gate.measured) : gate.measured}</td>
              <td>{gate.threshold}</td>
              <td>
                <span class={badgeClass(gate.verdict)}>{gate.verdict}</span>
                {gate.reason && <span class="gate-reason"> {gate.reason}</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

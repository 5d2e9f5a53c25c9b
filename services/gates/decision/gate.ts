/** A gate's outcome. `undefined`: the value could not be measured (a metric sklearn has no value for), so the gate does not pass. */
export type Verdict = 'pass' | 'fail' | 'undefined';

/** One check of the policy, with what was measured and what the policy allows. */
export interface GateResult {
  /** The family: `metric`, `champion`, `slice`, `latency`, `size`, `lineage`, `safety`. */
  readonly gate: string;
  /** Which one: `accuracy`, `f1 (macro)`, `region: recall, worst slice`, `tag git_commit`. */
  readonly name: string;
  /** The measured value; null when it could not be measured. */
  readonly measured: number | string | null;
  /** What the policy allows: `>= 0.9`, `<= 50 ms`, `present`. */
  readonly threshold: string;
  readonly verdict: Verdict;
  /** Why it failed or is undefined, in words; absent for a pass that needs no explanation. */
  readonly reason?: string;
}

/** Checks a measured value against min/max bounds. */
export function boundedGate(gate: string, name: string, value: number | { readonly reason: string }, bounds: { readonly min?: number; readonly max?: number }, unit = ''): GateResult {
  const threshold = [bounds.min === undefined ? '' : `>= ${bounds.min}${unit}`, bounds.max === undefined ? '' : `<= ${bounds.max}${unit}`].filter(Boolean).join(' and ');
  if (typeof value !== 'number') return { gate, name, measured: null, threshold, verdict: 'undefined', reason: value.reason };
  const low = bounds.min !== undefined && value < bounds.min;
  const high = bounds.max !== undefined && value > bounds.max;
  if (!low && !high) return { gate, name, measured: value, threshold, verdict: 'pass' };
  return { gate, name, measured: value, threshold, verdict: 'fail', reason: low ? `below the minimum ${bounds.min}${unit}` : `above the maximum ${bounds.max}${unit}` };
}

/** Overall: fail when a gate fails; undefined when none fails but one could not be measured; pass otherwise. */
export function overallVerdict(gates: readonly GateResult[]): Verdict {
  if (gates.some((gate) => gate.verdict === 'fail')) return 'fail';
  if (gates.some((gate) => gate.verdict === 'undefined')) return 'undefined';
  return 'pass';
}

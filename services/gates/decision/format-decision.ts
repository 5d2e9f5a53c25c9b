import type { GateDecision } from './decide';

function shown(value: number | string | null): string {
  if (value === null) return '-';
  if (typeof value === 'string') return value.length > 24 ? `${value.slice(0, 21)}...` : value;
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(6)));
}

/** The decision as a table for a CI log: one row per gate, then the verdict and the approval. */
export function formatDecision(decision: GateDecision): string {
  const header = ['verdict', 'gate', 'name', 'measured', 'threshold', 'reason'];
  const rows = decision.gates.map((gate) => [gate.verdict.toUpperCase(), gate.gate, gate.name, shown(gate.measured), gate.threshold, gate.reason ?? '']);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: readonly string[]) => cells.map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  ').trimEnd();
  const failed = decision.gates.filter((gate) => gate.verdict !== 'pass').length;
  return [
    line(header),
    ...rows.map(line),
    '',
    `verdict: ${decision.verdict.toUpperCase()} (${decision.gates.length} gates, ${failed} not passed)`,
    `risk: ${decision.risk}; approval ${decision.approval.required ? 'required' : 'not required'}: ${decision.approval.reason}`,
  ].join('\n');
}

import type { GateReport } from '../decision/gate-report';
import type { PromotionDecision } from './registry-tags';

/** A person's decision on a high-risk promotion. */
export interface ModelCardApproval {
  readonly verdict: 'approved' | 'rejected';
  /** The approver's token name. */
  readonly by: string;
  /** Who asked for the promotion (a different token: four eyes). */
  readonly requestedBy: string;
  readonly at: Date;
  /** @default - none */
  readonly comment?: string;
}

export interface ModelCardInput {
  readonly model: string;
  readonly version: string;
  /** The registered model's description: what the model is for. */
  readonly description?: string;
  readonly source: string;
  readonly runId?: string;
  readonly decision: PromotionDecision;
  readonly report: GateReport;
  /** Where the JSON report was written. */
  readonly reportUri: string;
  /** The champion version this one replaces, if any. */
  readonly previousChampion?: string;
  /** Where the model was published, if it was. */
  readonly publishedTo?: string;
  readonly date: Date;
  /**
   * The human approval of a high-risk model.
   * @default - none: the gates alone decided
   */
  readonly approval?: ModelCardApproval;
}

/** Table cells stay on one line and cannot end the cell early. */
function cell(value: unknown): string {
  const text = value === null || value === undefined ? '-' : typeof value === 'number' ? String(Number(value.toPrecision(6))) : String(value);
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function table(header: readonly string[], rows: readonly (readonly unknown[])[]): string[] {
  return [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`)];
}

/** The markdown model card of a promoted version: intended use, metrics and slices, lineage and the decision. */
export function formatModelCard(input: ModelCardInput): string {
  const { report } = input;
  const champion = report.champion?.metrics ?? {};
  const metrics = Object.entries(report.candidate.metrics).map(([name, value]) => [name, value.value ?? `undefined: ${'reason' in value ? value.reason : ''}`, champion[name]?.value]);
  const slices = report.candidate.slices.flatMap((family) => family.slices.map((slice) => [family.column, family.metric, slice.slice, slice.rows, slice.value ?? `undefined: ${'reason' in slice ? slice.reason : ''}`]));
  const lineage = Object.entries(report.tags);
  return [
    `# Model card: ${input.model} version ${input.version}`,
    '',
    `Decision **${input.decision}** on ${input.date.toISOString()}, risk class ${report.risk}${input.previousChampion ? `; replaces champion version ${input.previousChampion}` : ''}.`,
    '',
    '## Intended use',
    '',
    input.description?.trim() || "_Not stated: the registered model has no description. Set it with `plinth gates register --description`._",
    '',
    `## Metrics on the holdout (${report.holdout.rows} rows)`,
    '',
    ...table(['metric', 'this version', 'champion'], metrics),
    '',
    '## Slices',
    '',
    ...(slices.length === 0 ? ['_The policy checks no slices._'] : table(['column', 'metric', 'slice', 'rows', 'value'], slices)),
    '',
    '## Lineage',
    '',
    ...table(['tag', 'value'], [['sha256', report.candidate.sha256], ['source', input.source], ...(input.runId ? [['run', input.runId]] : []), ...lineage]),
    '',
    '## Decision',
    '',
    ...table(['verdict', 'gate', 'name', 'measured', 'threshold'], report.gates.map((gate) => [gate.verdict, gate.gate, gate.name, gate.measured, gate.threshold])),
    '',
    `Approval: ${report.approval.reason}. Report: ${input.reportUri}.${input.publishedTo ? ` Published to ${input.publishedTo}.` : ''}`,
    '',
    '## Approvals',
    '',
    ...(input.approval
      ? table(['verdict', 'by', 'requested by', 'at', 'comment'], [[input.approval.verdict, input.approval.by, input.approval.requestedBy, input.approval.at.toISOString(), input.approval.comment]])
      : ['_None needed: the gates alone decided._']),
    '',
  ].join('\n');
}

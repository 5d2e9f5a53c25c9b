import { blocking, type Finding, type Report } from '../evaluate';
import { SEVERITIES, type Severity } from '../rule';

/** The figures every format shows, computed once. */
export interface Summary {
  readonly resources: number;
  readonly stacks: number;
  readonly rules: number;
  /** Unsuppressed findings. */
  readonly findings: number;
  readonly suppressed: number;
  readonly unknown: number;
  readonly bySeverity: Readonly<Record<Severity, number>>;
  readonly failOn: Severity;
  /** Unsuppressed findings at or above `failOn`: what makes the check fail. */
  readonly blocking: number;
}

export function summarize(report: Report, failOn: Severity): Summary {
  const open = report.findings.filter((finding) => !finding.suppressed);
  const bySeverity = Object.fromEntries(SEVERITIES.map((severity) => [severity, 0])) as Record<Severity, number>;
  for (const finding of open) bySeverity[finding.severity]++;
  return {
    resources: report.resourceCount,
    stacks: report.stacks.length,
    rules: report.rules.length,
    findings: open.length,
    suppressed: report.findings.length - open.length,
    unknown: report.unknown.length,
    bySeverity,
    failOn,
    blocking: blocking(report, failOn).length,
  };
}

/** Where a reader fixes the finding: the TypeScript line that created the resource when recorded, else {@link synthesizedAt}. */
export function where(finding: Finding): string {
  return finding.source ? location(finding.source.file, finding.source.line) : synthesizedAt(finding);
}

/** `cdktf.out/stacks/x/cdk.tf.json:12`: the declaration in the file that was checked. */
export function synthesizedAt(finding: Finding): string {
  return location(finding.file, finding.line);
}

function location(file: string, line: number | undefined): string {
  return line === undefined ? file : `${file}:${line}`;
}

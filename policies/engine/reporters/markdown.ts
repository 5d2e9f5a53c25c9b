import type { Finding, Report } from '../evaluate';
import { SEVERITIES } from '../rule';
import { summarize, where } from './summary';
import type { ReporterOptions } from './index';

/** Marks the comment so CI updates the same pull-request comment instead of adding one per push. */
export const STICKY_MARKER = '<!-- plinth-policy-check -->';
/** Above this many findings the list is folded. */
const FOLD_AFTER = 10;

export function markdownReport(report: Report, options: ReporterOptions): string {
  const summary = summarize(report, options.failOn);
  const heading =
    summary.blocking > 0
      ? `### ❌ Plinth policy check: ${summary.blocking} finding${summary.blocking === 1 ? '' : 's'} at or above ${summary.failOn}`
      : `### ✅ Plinth policy check: nothing at or above ${summary.failOn}`;
  const severities = [
    '| Severity | Findings | Suppressed |',
    '| --- | ---: | ---: |',
    ...SEVERITIES.map((severity) => `| ${severity} | ${summary.bySeverity[severity]} | ${report.findings.filter((f) => f.suppressed && f.severity === severity).length} |`),
  ];
  const stacks = [
    `| Stack | ${SEVERITIES.join(' | ')} |`,
    `| --- |${SEVERITIES.map(() => ' ---: |').join('')}`,
    ...report.stacks.map((stack) => `| ${escape(stack)} | ${SEVERITIES.map((severity) => count(report.findings, stack, severity)).join(' | ')} |`),
  ];
  const rows = report.findings.map(
    (finding) =>
      `| ${finding.severity} | \`${finding.ruleId}\` | \`${escape(finding.resource)}\`${finding.source ? ` (${escape(where(finding))})` : ''} | ${escape(finding.stack)} | ${escape(finding.message)}${finding.suppressed ? ` _(suppressed: ${escape(finding.suppressed.reason)})_` : ''} |`,
  );
  const table = ['| Severity | Rule | Resource | Stack | Finding |', '| --- | --- | --- | --- | --- |', ...rows].join('\n');
  const findings =
    rows.length === 0 ? '' : rows.length > FOLD_AFTER ? `<details><summary>${rows.length} findings</summary>\n\n${table}\n\n</details>` : table;
  const footer = `${summary.resources} resources in ${summary.stacks} stack${summary.stacks === 1 ? '' : 's'} checked against ${summary.rules} rules; ${summary.unknown} checks depend on values known only after apply.`;
  return [STICKY_MARKER, heading, severities.join('\n'), stacks.join('\n'), findings, footer].filter(Boolean).join('\n\n') + '\n';
}

function count(findings: readonly Finding[], stack: string, severity: string): number {
  return findings.filter((finding) => !finding.suppressed && finding.stack === stack && finding.severity === severity).length;
}

function escape(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

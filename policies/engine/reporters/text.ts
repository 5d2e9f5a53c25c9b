import type { Report } from '../evaluate';
import { summarize, synthesizedAt, where } from './summary';
import type { ReporterOptions } from './index';

/** For a terminal: one block per finding, most severe first, then the summary. */
export function textReport(report: Report, options: ReporterOptions): string {
  const summary = summarize(report, options.failOn);
  const blocks = report.findings.map((finding) => {
    const status = finding.suppressed ? ` [suppressed: ${finding.suppressed.reason}]` : '';
    return [
      `${finding.severity.toUpperCase()} ${finding.ruleId} ${finding.title}${status}`,
      `  ${finding.resource} (${finding.stack}) ${where(finding)}${finding.source ? ` (${synthesizedAt(finding)})` : ''}`,
      `  ${finding.message}${finding.note ? ` (${finding.note})` : ''}`,
    ].join('\n');
  });
  const counts = Object.entries(summary.bySeverity)
    .filter(([, count]) => count > 0)
    .map(([severity, count]) => `${count} ${severity}`)
    .join(', ');
  const verdict = summary.blocking > 0 ? `FAILED: ${summary.blocking} at or above ${summary.failOn}` : `passed (fail-on ${summary.failOn})`;
  const totals =
    `${summary.findings} finding${summary.findings === 1 ? '' : 's'}${counts ? ` (${counts})` : ''}, ${summary.suppressed} suppressed, ` +
    `${summary.unknown} undecided until apply; ${summary.resources} resources in ${summary.stacks} stack${summary.stacks === 1 ? '' : 's'}, ${summary.rules} rules: ${verdict}`;
  return [...blocks, totals].join('\n\n') + '\n';
}

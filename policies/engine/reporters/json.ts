import type { Finding, Report } from '../evaluate';
import { summarize } from './summary';
import type { ReporterOptions } from './index';

/** Machine-readable: the shape documented in policies/README.md. */
export function jsonReport(report: Report, options: ReporterOptions): string {
  return `${JSON.stringify({ findings: report.findings.map(toJson), unknown: report.unknown.map(toJson), summary: summarize(report, options.failOn) }, null, 2)}\n`;
}

function toJson(finding: Finding): Record<string, unknown> {
  return {
    ruleId: finding.ruleId,
    severity: finding.severity,
    title: finding.title,
    resource: finding.resource,
    stack: finding.stack,
    file: finding.file,
    ...(finding.line !== undefined ? { line: finding.line } : {}),
    ...(finding.constructPath ? { constructPath: finding.constructPath } : {}),
    ...(finding.source ? { source: finding.source } : {}),
    message: finding.message,
    ...(finding.checkov ? { checkov: finding.checkov } : {}),
    ...(finding.suppressed
      ? { suppressed: { reason: finding.suppressed.reason, source: finding.suppressed.source, ...(finding.suppressed.expires ? { expires: finding.suppressed.expires } : {}) } }
      : {}),
    ...(finding.note ? { note: finding.note } : {}),
  };
}

import type { Finding, Report } from '../evaluate';
import { summarize } from './summary';
import type { ReporterOptions } from './index';

/** Machine-readable: the shape documented in policies/README.md. */
export function jsonReport(report: Report, options: ReporterOptions): string {
  return `${JSON.stringify({ findings: report.findings.map(toJson), unknown: report.unknown.map(toJson), summary: summarize(report, options.failOn) }, null, 2)}\n`;
}

/** Absent fields are left undefined, which JSON.stringify omits (cheaper than spreading ~10^4 objects). */
function toJson(finding: Finding): Record<string, unknown> {
  const suppressed = finding.suppressed;
  return {
    ruleId: finding.ruleId,
    severity: finding.severity,
    title: finding.title,
    resource: finding.resource,
    stack: finding.stack,
    file: finding.file,
    line: finding.line,
    constructPath: finding.constructPath || undefined,
    source: finding.source || undefined,
    message: finding.message,
    checkov: finding.checkov || undefined,
    suppressed: suppressed ? { reason: suppressed.reason, source: suppressed.source, expires: suppressed.expires || undefined } : undefined,
    note: finding.note || undefined,
  };
}

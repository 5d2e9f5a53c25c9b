import type { Report, RuleStats } from '../evaluate';
import type { ReporterOptions } from './index';
import { where } from './summary';

/** JUnit XML for CI test tabs: one suite per stack, one test case per rule that applied in it. */
export function junitReport(report: Report, _options: ReporterOptions): string {
  const titles = new Map(report.rules.map((rule) => [rule.id, rule.title]));
  const suites = report.stacks.map((stack) => {
    const stats = report.stats.filter((entry) => entry.stack === stack);
    const failures = stats.filter((entry) => entry.failed > 0).length;
    const skipped = stats.filter((entry) => entry.failed === 0 && entry.passed === 0 && entry.suppressed === 0).length;
    const cases = stats.map((entry) => testCase(report, entry, titles.get(entry.ruleId) ?? entry.ruleId));
    return `  <testsuite name="${xml(stack)}" tests="${stats.length}" failures="${failures}" skipped="${skipped}">\n${cases.join('\n')}\n  </testsuite>`;
  });
  const failures = report.stats.filter((entry) => entry.failed > 0).length;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="plinth policy check" tests="${report.stats.length}" failures="${failures}">\n${suites.join('\n')}\n</testsuites>\n`;
}

function testCase(report: Report, entry: RuleStats, title: string): string {
  const open = `    <testcase classname="${xml(entry.stack)}" name="${xml(`${entry.ruleId} ${title}`)}">`;
  if (entry.failed > 0) {
    const findings = report.findings.filter((finding) => finding.stack === entry.stack && finding.ruleId === entry.ruleId && !finding.suppressed);
    const body = findings.map((finding) => `${finding.resource} (${where(finding)}): ${finding.message}`).join('\n');
    return `${open}\n      <failure message="${xml(`${entry.failed} resource${entry.failed === 1 ? '' : 's'} failed`)}" type="${findings[0]?.severity ?? 'policy'}">${xml(body)}</failure>\n    </testcase>`;
  }
  if (entry.passed === 0 && entry.suppressed === 0) return `${open}\n      <skipped message="${xml(`${entry.unknown} checks undecided until apply`)}"/>\n    </testcase>`;
  const note = entry.suppressed > 0 ? `\n      <system-out>${entry.suppressed} finding(s) suppressed</system-out>\n    ` : '';
  return `${open}${note}</testcase>`;
}

function xml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

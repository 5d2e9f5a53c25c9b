import { createHash } from 'node:crypto';
import type { Finding, Report } from '../evaluate';
import type { Rule, Severity } from '../rule';
import type { ReporterOptions } from './index';

/**
 * SARIF 2.1.0 as GitHub code scanning reads it: `security-severity` sorts alerts, a stable
 * `partialFingerprints` entry keeps an alert the same alert across commits, and each result points
 * at the TypeScript line that created the resource when it was recorded (the synthesized file
 * second), else at the synthesized file.
 */
const SECURITY_SEVERITY: Readonly<Record<Severity, string>> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0' };
const LEVEL: Readonly<Record<Severity, 'error' | 'warning' | 'note'>> = { critical: 'error', high: 'error', medium: 'warning', low: 'note' };

export function sarifReport(report: Report, options: ReporterOptions): string {
  const rules = [...report.rules].sort((a, b) => a.id.localeCompare(b.id));
  const index = new Map(rules.map((rule, position) => [rule.id, position]));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'plinth-policy', version: options.version, rules: rules.map(ruleDescriptor) } },
        originalUriBaseIds: { '%SRCROOT%': { uri: `file://${options.root.replace(/\/?$/, '/')}` } },
        results: report.findings.map((finding) => result(finding, index.get(finding.ruleId) ?? -1)),
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}

function ruleDescriptor(rule: Rule): Record<string, unknown> {
  return {
    id: rule.id,
    name: rule.id.replace(/-/g, ''),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.rationale },
    help: {
      text: `${rule.rationale}\n\nHow to fix: ${rule.remediation}`,
      markdown: `${rule.rationale}\n\n**How to fix:** ${rule.remediation}${rule.checkov ? `\n\nCheckov equivalent: \`${rule.checkov}\`` : ''}`,
    },
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: { 'security-severity': SECURITY_SEVERITY[rule.severity], tags: ['security', 'terraform', rule.id.split('-')[1]!.toLowerCase()], precision: 'high' },
  };
}

function result(finding: Finding, ruleIndex: number): Record<string, unknown> {
  const synthesized = physicalLocation(finding.file, finding.line);
  const logical = [{ fullyQualifiedName: finding.constructPath ?? finding.resource, kind: 'resource' }];
  return {
    ruleId: finding.ruleId,
    ruleIndex,
    level: LEVEL[finding.severity],
    message: { text: `${finding.resource}: ${finding.message}` },
    // The TypeScript line that created the resource is where a reader fixes it; cdk.tf.json is
    // generated and usually not in the repository, so it only comes second.
    locations: [{ physicalLocation: finding.source ? physicalLocation(finding.source.file, finding.source.line) : synthesized, logicalLocations: logical }],
    ...(finding.source
      ? { relatedLocations: [{ id: 1, message: { text: `${finding.resource} as synthesized in ${finding.stack}` }, physicalLocation: synthesized }] }
      : {}),
    partialFingerprints: { 'plinthFinding/v1': fingerprint(finding) },
    ...(finding.suppressed
      ? { suppressions: [{ kind: finding.suppressed.source === 'inline' ? 'inSource' : 'external', justification: finding.suppressed.reason }] }
      : {}),
  };
}

/** Code scanning places every result on a line: without one (a plan has no source lines), the top of the file. */
function physicalLocation(file: string, line: number | undefined): Record<string, unknown> {
  return { artifactLocation: { uri: file, uriBaseId: '%SRCROOT%' }, region: { startLine: line ?? 1 } };
}

/** Rule, stack and address: not the line, which moves with every unrelated edit. */
export function fingerprint(finding: Finding): string {
  return createHash('sha256').update(`${finding.ruleId}|${finding.stack}|${finding.resource}`).digest('hex').slice(0, 32);
}

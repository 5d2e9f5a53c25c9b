import { createHash } from 'node:crypto';
import type { Finding, Report } from '../evaluate';
import type { Rule, Severity } from '../rule';
import type { ReporterOptions } from './index';

/**
 * SARIF 2.1.0 as GitHub code scanning reads it: `security-severity` sorts alerts, a stable
 * `partialFingerprints` entry keeps an alert the same alert across commits, and each result points
 * at the synthesized file (and, when the construct recorded it, at the TypeScript that made it).
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
  const source = finding.source;
  return {
    ruleId: finding.ruleId,
    ruleIndex,
    level: LEVEL[finding.severity],
    message: { text: `${finding.resource}: ${finding.message}` },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: finding.file, uriBaseId: '%SRCROOT%' },
          // Code scanning places every result on a line; a finding whose line is unknown (a plan
          // has no source lines) points at the top of its file.
          region: { startLine: finding.line ?? 1 },
        },
        logicalLocations: [{ fullyQualifiedName: finding.constructPath ?? finding.resource, kind: 'resource' }],
      },
    ],
    ...(source
      ? {
          relatedLocations: [
            {
              id: 1,
              message: { text: `construct ${finding.constructPath ?? finding.resource}` },
              physicalLocation: { artifactLocation: { uri: source.file, uriBaseId: '%SRCROOT%' }, ...(source.line !== undefined ? { region: { startLine: source.line } } : {}) },
            },
          ],
        }
      : {}),
    partialFingerprints: { 'plinthFinding/v1': fingerprint(finding) },
    ...(finding.suppressed
      ? { suppressions: [{ kind: finding.suppressed.source === 'inline' ? 'inSource' : 'external', justification: finding.suppressed.reason }] }
      : {}),
  };
}

/** Rule, stack and address: not the line, which moves with every unrelated edit. */
export function fingerprint(finding: Finding): string {
  return createHash('sha256').update(`${finding.ruleId}|${finding.stack}|${finding.resource}`).digest('hex').slice(0, 32);
}

import { evaluate, type Report } from '../../policies/engine/evaluate';
import { REPORTERS, type ReporterOptions } from '../../policies/engine/reporters';
import { STICKY_MARKER } from '../../policies/engine/reporters/markdown';
import { fingerprint } from '../../policies/engine/reporters/sarif';
import type { FileSuppression } from '../../policies/engine/suppressions';
import { eksPrivateEndpoint } from '../../policies/rules/aws/eks-private-endpoint';
import { s3AccessLogging } from '../../policies/rules/aws/s3-access-logging';
import { securityGroupSsh } from '../../policies/rules/aws/security-group-ssh';
import { budgetPerEnvironment } from '../../policies/rules/finops/budget-per-environment';
import { loadInput } from '../../policies/engine/inputs';
import { moduleFromHcl, writeFixture } from './helpers';

const OPTIONS: ReporterOptions = { failOn: 'high', root: '/repo', version: '1.2.3' };
const RULES = [securityGroupSsh, s3AccessLogging, eksPrivateEndpoint];
const HCL = `
resource "aws_security_group" "bastion" {
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
resource "aws_s3_bucket" "logs" {}
resource "aws_s3_bucket" "data" {}
resource "aws_eks_cluster" "main" {
  vpc_config { endpoint_public_access = var.public }
}
`;

async function sampleReport(suppressions: FileSuppression[] = []): Promise<Report> {
  return evaluate([await moduleFromHcl(HCL)], RULES, { suppressions, now: new Date('2025-01-01') });
}

const SUPPRESS_LOGS: FileSuppression[] = [{ rule: 'PLN-AWS-004', resource: 'aws_s3_bucket.logs', reason: 'log bucket', source: 'policies/suppressions.yaml' }];

describe('json reporter', () => {
  test('lists findings with the documented fields, suppressed ones included, and a summary', async () => {
    const output = JSON.parse(REPORTERS.json(await sampleReport(SUPPRESS_LOGS), OPTIONS));
    expect(output.findings.map((finding: { ruleId: string; resource: string }) => `${finding.ruleId} ${finding.resource}`)).toEqual([
      'PLN-AWS-027 aws_security_group.bastion',
      'PLN-AWS-004 aws_s3_bucket.data',
      'PLN-AWS-004 aws_s3_bucket.logs',
    ]);
    expect(output.findings[0]).toMatchObject({ severity: 'critical', stack: expect.any(String), file: expect.stringMatching(/main\.tf$/), line: 2, checkov: 'CKV_AWS_24' });
    expect(output.findings[0].message).toMatch(/^ingress\[0\] allows port 22/);
    expect(output.findings[2].suppressed).toEqual({ reason: 'log bucket', source: 'policies/suppressions.yaml' });
    expect(output.unknown.map((finding: { ruleId: string }) => finding.ruleId)).toEqual(['PLN-AWS-035']);
    expect(output.summary).toMatchObject({ findings: 2, suppressed: 1, unknown: 1, blocking: 1, bySeverity: { critical: 1, high: 0, medium: 1, low: 0 } });
  });
});

describe('sarif reporter', () => {
  type SarifResult = { ruleId: string; locations: { physicalLocation: { region?: { startLine?: number } } }[] };
  const startLines = (report: Report) => (JSON.parse(REPORTERS.sarif(report, OPTIONS)).runs[0].results as SarifResult[]).map((r) => [r.ruleId, r.locations[0]!.physicalLocation.region?.startLine]);

  test('a finding about a provider block (no budget in the stack) points at the provider declaration, in HCL and in cdk.tf.json', async () => {
    const hcl = 'terraform {}\n\nprovider "aws" {\n  region = "eu-west-1"\n}\nresource "aws_s3_bucket" "data" {}\n';
    expect(startLines(evaluate([await moduleFromHcl(hcl)], [budgetPerEnvironment]))).toEqual([['PLN-COST-002', 3]]);
    const json = JSON.stringify({ provider: { aws: [{ region: 'eu-west-1' }] }, resource: { aws_s3_bucket: { data: {} } } }, null, 2);
    const [graph] = await loadInput(`${writeFixture({ 'main.tf.json': json })}/main.tf.json`);
    expect(startLines(evaluate([graph!], [budgetPerEnvironment]))).toEqual([['PLN-COST-002', json.split('\n').findIndex((line) => line.includes('"aws"')) + 1]]);
  });

  test('every result has a region with a startLine, even where the input has no lines (plans)', async () => {
    const report = await sampleReport();
    const withoutLines: Report = { ...report, findings: report.findings.map((finding) => ({ ...finding, line: undefined })) };
    for (const [, line] of startLines(withoutLines)) expect(line).toBe(1);
  });

  test('produces SARIF 2.1.0 with rule help, security severities, fingerprints and locations', async () => {
    const sarif = JSON.parse(REPORTERS.sarif(await sampleReport(SUPPRESS_LOGS), OPTIONS));
    expect(sarif.version).toBe('2.1.0');
    const run = sarif.runs[0];
    const ssh = run.tool.driver.rules.find((rule: { id: string }) => rule.id === 'PLN-AWS-027');
    expect(ssh.properties['security-severity']).toBe('9.5');
    expect(ssh.help.text).toContain('How to fix');
    expect(ssh.fullDescription.text.length).toBeGreaterThan(20);
    for (const result of run.results) {
      expect(run.tool.driver.rules[result.ruleIndex].id).toBe(result.ruleId);
      expect(result.locations[0].physicalLocation.artifactLocation.uri).toMatch(/main\.tf$/);
      expect(result.partialFingerprints['plinthFinding/v1']).toMatch(/^[0-9a-f]{32}$/);
    }
    const suppressed = run.results.find((result: { message: { text: string } }) => result.message.text.startsWith('aws_s3_bucket.logs'));
    expect(suppressed.suppressions).toEqual([{ kind: 'external', justification: 'log bucket' }]);
  });

  test('fingerprints do not move with the line of the resource', async () => {
    const [first] = (await sampleReport()).findings;
    expect(fingerprint({ ...first!, line: 99 })).toBe(fingerprint(first!));
    expect(fingerprint({ ...first!, resource: 'aws_security_group.other' })).not.toBe(fingerprint(first!));
  });

  test('points at the TypeScript line that created the resource when it was recorded, the synthesized declaration second', async () => {
    const report = await sampleReport();
    const [finding] = report.findings;
    const withSource = { ...finding!, source: { file: 'constructs/aws/bastion.ts', line: 12 } };
    const sarif = JSON.parse(REPORTERS.sarif({ ...report, findings: [withSource] }, OPTIONS));
    expect(sarif.runs[0].results[0].locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'constructs/aws/bastion.ts', uriBaseId: '%SRCROOT%' },
      region: { startLine: 12 },
    });
    expect(sarif.runs[0].results[0].relatedLocations[0].physicalLocation).toEqual({
      artifactLocation: { uri: finding!.file, uriBaseId: '%SRCROOT%' },
      region: { startLine: finding!.line },
    });
  });
});

describe('every reporter', () => {
  test('names the line that created the resource when it was recorded', async () => {
    const report = await sampleReport();
    const withSource = { ...report, findings: report.findings.map((finding) => ({ ...finding, source: { file: 'constructs/aws/bastion.ts', line: 12 } })) };
    for (const format of ['text', 'markdown', 'junit'] as const) expect(REPORTERS[format](withSource, OPTIONS)).toContain('constructs/aws/bastion.ts:12');
    expect(JSON.parse(REPORTERS.json(withSource, OPTIONS)).findings[0].source).toEqual({ file: 'constructs/aws/bastion.ts', line: 12 });
    expect(REPORTERS.text(withSource, OPTIONS)).toContain(`constructs/aws/bastion.ts:12 (${report.findings[0]!.file}:${report.findings[0]!.line})`);
  });
});

describe('markdown reporter', () => {
  test('starts with the sticky marker, counts by severity and stack, and folds long lists', async () => {
    const report = await sampleReport();
    const short = REPORTERS.markdown(report, OPTIONS);
    expect(short.startsWith(STICKY_MARKER)).toBe(true);
    expect(short).toContain('1 finding at or above high');
    expect(short).toContain('| critical | 1 | 0 |');
    expect(short).not.toContain('<details>');
    const many = { ...report, findings: Array.from({ length: 11 }, (_, index) => ({ ...report.findings[0]!, resource: `aws_security_group.sg${index}` })) };
    expect(REPORTERS.markdown(many, OPTIONS)).toContain('<details><summary>11 findings</summary>');
  });
});

describe('junit reporter', () => {
  test('has a test case per rule and stack, failing where findings remain', async () => {
    const xml = REPORTERS.junit(await sampleReport(SUPPRESS_LOGS), OPTIONS);
    expect(xml).toMatch(/<testsuites name="plinth policy check" tests="3" failures="2">/);
    expect(xml).toMatch(/<failure message="1 resource failed" type="critical">aws_security_group\.bastion \(\S+main\.tf:2\): ingress\[0\] allows port 22/);
    expect(xml).toContain('<skipped message="1 checks undecided until apply"/>');
  });
});

describe('text reporter', () => {
  test('ends with a summary that says whether the check failed', async () => {
    const text = REPORTERS.text(await sampleReport(), OPTIONS);
    expect(text).toContain('CRITICAL PLN-AWS-027');
    expect(text.trim().split('\n').pop()).toMatch(/3 findings \(1 critical, 2 medium\), 0 suppressed, 1 undecided until apply; 4 resources in 1 stack, 3 rules: FAILED: 1 at or above high$/);
  });
});

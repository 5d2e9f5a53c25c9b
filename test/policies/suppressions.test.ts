import { App, Testing, TerraformStack } from 'cdktf';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Construct } from 'constructs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PolicyInputError } from '../../policies/engine/errors';
import { blocking, evaluate } from '../../policies/engine/evaluate';
import { loadInput } from '../../policies/engine/inputs';
import { suppress } from '../../policies/engine/suppress';
import { globMatches, type FileSuppression } from '../../policies/engine/suppressions';
import { parseSuppressionsFile } from '../../policies/engine/suppressions-file';
import { rdsNotPublic } from '../../policies/rules/aws/rds-not-public';
import { s3AccessLogging } from '../../policies/rules/aws/s3-access-logging';
import { ALL_RULES } from '../../policies/rules';
import { moduleFromHcl, writeFixture } from './helpers';

const KNOWN = new Set(ALL_RULES.map((rule) => rule.id));
const TODAY = new Date('2025-06-15T12:00:00Z');

function stackWithBucket(): { app: App; stack: TerraformStack; store: Construct } {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'foundation');
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  const store = new Construct(stack, 'Logs');
  new S3Bucket(store, 'Resource', { bucketPrefix: 'logs' });
  return { app, stack, store };
}

describe('suppress() in code', () => {
  test('writes the suppression into the resource metadata of cdk.tf.json', () => {
    const { app, store } = stackWithBucket();
    suppress(store, s3AccessLogging.id, 'this is the access-log bucket; it cannot log to itself', { expires: '2025-12-31' });
    app.synth();
    const synthesized = JSON.parse(readFileSync(join(app.outdir, 'stacks', 'foundation', 'cdk.tf.json'), 'utf8'));
    const bucket = Object.values(synthesized.resource.aws_s3_bucket)[0] as Record<string, Record<string, unknown>>;
    expect(bucket['//']!.plinth_suppressions).toEqual([
      { rule: 'PLN-AWS-004', reason: 'this is the access-log bucket; it cannot log to itself', expires: '2025-12-31' },
    ]);
    expect(bucket['//']!.metadata).toMatchObject({ path: 'foundation/Logs/Resource' });
  });

  test('is honoured by the engine: the finding is reported, as suppressed, and does not block', async () => {
    const { app, store } = stackWithBucket();
    suppress(store, s3AccessLogging.id, 'the access-log bucket');
    app.synth();
    const report = evaluate(await loadInput(app.outdir), [s3AccessLogging], { now: TODAY });
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0]!.suppressed).toEqual({ rule: 'PLN-AWS-004', reason: 'the access-log bucket', source: 'inline' });
    expect(blocking(report, 'low')).toEqual([]);
  });

  test('brings the finding back after the expiry date', async () => {
    const { app, store } = stackWithBucket();
    suppress(store, s3AccessLogging.id, 'temporary', { expires: '2025-06-14' });
    app.synth();
    const report = evaluate(await loadInput(app.outdir), [s3AccessLogging], { now: TODAY });
    expect(report.findings[0]!.suppressed).toBeUndefined();
    expect(report.findings[0]!.note).toBe('suppression expired on 2025-06-14 (temporary)');
  });

  test('keeps one entry per rule and accumulates rules', () => {
    const { stack, store } = stackWithBucket();
    suppress(store, 'PLN-AWS-004', 'first');
    suppress(store, 'PLN-AWS-004', 'second');
    suppress(store, 'PLN-AWS-005', 'other rule');
    const bucket = Object.values((stack.toTerraform() as { resource: { aws_s3_bucket: Record<string, Record<string, Record<string, unknown>>> } }).resource.aws_s3_bucket)[0]!;
    expect(bucket['//']!.plinth_suppressions).toEqual([
      { rule: 'PLN-AWS-004', reason: 'second' },
      { rule: 'PLN-AWS-005', reason: 'other rule' },
    ]);
  });

  test('an inline suppression without a reason in cdk.tf.json is bad input naming the resource', async () => {
    const stack = { resource: { aws_s3_bucket: { logs: { '//': { plinth_suppressions: [{ rule: 'PLN-AWS-004' }] } } } } };
    const directory = writeFixture({ 'cdk.tf.json': JSON.stringify(stack) });
    await expect(loadInput(join(directory, 'cdk.tf.json'))).rejects.toThrow(
      'aws_s3_bucket.logs //.plinth_suppressions[0]: "reason" is required: say why PLN-AWS-004 does not apply',
    );
  });

  test('refuses a suppression without a reason, with a bad rule id or a bad date', () => {
    const { store } = stackWithBucket();
    expect(() => suppress(store, 'PLN-AWS-004', '  ')).toThrow('a reason is required');
    expect(() => suppress(store, 'CKV_AWS_18', 'reason')).toThrow('not a rule id');
    expect(() => suppress(store, 'PLN-AWS-004', 'reason', { expires: 'next week' })).toThrow('expires must be a date');
  });
});

describe('suppressions file', () => {
  test('suppresses by address glob and stack, and keeps the finding in the report', async () => {
    const graph = await moduleFromHcl('resource "aws_s3_bucket" "logs_eu" {}\nresource "aws_s3_bucket" "data" {}\n');
    const suppressions = parseSuppressionsFile(
      'suppressions.yaml',
      `suppressions:\n  - rule: PLN-AWS-004\n    resource: aws_s3_bucket.logs_*\n    reason: log buckets do not log to themselves\n`,
      KNOWN,
    );
    const report = evaluate([graph], [s3AccessLogging], { suppressions, now: TODAY });
    const byAddress = Object.fromEntries(report.findings.map((finding) => [finding.resource, finding.suppressed?.reason]));
    expect(byAddress).toEqual({ 'aws_s3_bucket.data': undefined, 'aws_s3_bucket.logs_eu': 'log buckets do not log to themselves' });
  });

  test('reports every problem at once, with its path', () => {
    const text = `suppressions:\n  - rule: PLN-AWS-999\n    resource: "*"\n    reason: x\n  - rule: PLN-AWS-004\n    resource: aws_s3_bucket.b\n    expires: 31/12/2025\n`;
    expect(() => parseSuppressionsFile('policies/suppressions.yaml', text, KNOWN)).toThrow(PolicyInputError);
    try {
      parseSuppressionsFile('policies/suppressions.yaml', text, KNOWN);
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain('suppressions[1].reason: is required');
      expect(message).toContain('suppressions[1].expires: must be a date');
    }
  });

  test('names unknown keys, wrong shapes and bad values, and keeps optional fields', () => {
    const problems = (text: string): string => {
      try {
        parseSuppressionsFile('s.yaml', text, KNOWN);
      } catch (error) {
        return (error as Error).message;
      }
      throw new Error('expected the file to be refused');
    };
    expect(problems('supressions: []\n')).toContain('supressions: unknown key (expected "suppressions")');
    expect(problems('suppressions: {}\n')).toContain('suppressions: must be a list');
    expect(problems('- a\n')).toContain('(file): must be a mapping');
    expect(problems('suppressions:\n  - just a string\n')).toContain('suppressions[0]: must be a mapping');
    const entry = 'suppressions:\n  - rule: PLN-AWS-004\n    resource: "*"\n    reason: "  "\n    stak: dev\n    stack: ""\n';
    expect(problems(entry)).toBe(
      's.yaml: suppressions[0].stak: unknown key (expected one of rule, resource, stack, reason, expires); suppressions[0].stack: must be a stack name or glob; suppressions[0].reason: must not be empty',
    );
    expect(problems('suppressions:\n  - rule: aws-4\n    resource: "*"\n    reason: x\n')).toContain('suppressions[0].rule: must be a rule id such as PLN-AWS-001');
    const kept = parseSuppressionsFile('s.yaml', 'suppressions:\n  - rule: PLN-AWS-004\n    resource: b\n    stack: dev-*\n    reason: " why "\n    expires: 2025-12-31\n', KNOWN);
    expect(kept).toEqual([{ rule: 'PLN-AWS-004', resource: 'b', stack: 'dev-*', reason: 'why', expires: '2025-12-31', source: 's.yaml' }]);
  });

  test('rejects a rule id that does not exist', () => {
    const text = 'suppressions:\n  - rule: PLN-AWS-999\n    resource: "*"\n    reason: typo\n';
    expect(() => parseSuppressionsFile('s.yaml', text, KNOWN)).toThrow('suppressions[0].rule: no rule "PLN-AWS-999"');
  });

  test('cannot hide an unsuppressible finding in production', async () => {
    const graph = await moduleFromHcl('resource "aws_db_instance" "db" {\n  publicly_accessible = true\n}\n');
    const suppressions: FileSuppression[] = [{ rule: rdsNotPublic.id, resource: '*', reason: 'demo', source: 's.yaml' }];
    const production = evaluate([graph], [rdsNotPublic], { suppressions, now: TODAY, environment: { production: true } });
    expect(production.findings[0]!.suppressed).toBeUndefined();
    expect(production.findings[0]!.note).toContain('cannot be suppressed in production');
    const development = evaluate([graph], [rdsNotPublic], { suppressions, now: TODAY, environment: { production: false } });
    expect(development.findings[0]!.suppressed?.reason).toBe('demo');
  });

  test('globs match whole addresses only', () => {
    expect(globMatches('aws_s3_bucket.logs_*', 'aws_s3_bucket.logs_eu')).toBe(true);
    expect(globMatches('aws_s3_bucket.logs_*', 'module.m.aws_s3_bucket.logs_eu')).toBe(false);
    expect(globMatches('*.aws_s3_bucket.?', 'module.aws_s3_bucket.b')).toBe(true);
  });

  test('the repository file parses', () => {
    const text = readFileSync(join(__dirname, '..', '..', 'policies', 'suppressions.yaml'), 'utf8');
    expect(parseSuppressionsFile('policies/suppressions.yaml', text, KNOWN)).toEqual([]);
  });
});

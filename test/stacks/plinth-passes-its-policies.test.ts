import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import type { App, TerraformStack } from 'cdktf';
import { parse, stringify } from 'yaml';
import { blocking } from '../../policies/engine/evaluate';
import type { Attributes } from '../../policies/engine/model';
import { evaluateSynthesizedStack } from '../../policies/synth';
import { parseConfig } from '../../core/config/load';
import { buildPlatformApp } from '../../stacks/platform-app';
import { readDefaultConfig } from '../support/synth';

/** Suppressions Plinth itself carries, each for a constraint of AWS rather than a choice. */
const ACCEPTED_SUPPRESSIONS: Readonly<Record<string, RegExp>> = {
  'PLN-AWS-003': /S3 server access logging can only deliver to buckets encrypted with S3-managed keys/,
  'PLN-AWS-004': /access-log bucket does not log access to itself/,
};

function appFor(environments: Record<string, unknown>): App {
  const raw = parse(readDefaultConfig()) as Record<string, unknown>;
  raw.environments = environments;
  const config = parseConfig(stringify(raw), 'platform.yaml');
  return buildPlatformApp({ file: 'platform.yaml', directory: '/srv', config }, path.join(mkdtempSync(path.join(tmpdir(), 'plinth-pol-')), 'out'));
}

function stacksOf(app: App): TerraformStack[] {
  return app.node.children as TerraformStack[];
}

const VARIANTS: Record<string, Record<string, unknown>> = {
  'the default environments': parse(readDefaultConfig()).environments,
  'a production environment': { prod: { production: true } },
  'an HA staging environment with a public endpoint for CI': { staging: { ha: true, cluster: { publicAccessCidrs: ['203.0.113.0/24'] } } },
  'a short-lived pull-request environment': { 'pr-7': { ttl: '72h' } },
};

describe('every environment Plinth synthesizes passes its own policies', () => {
  it.each(Object.entries(VARIANTS))('%s: no unsuppressed finding at high or above', (_name, environments) => {
    for (const stack of stacksOf(appFor(environments))) {
      const report = evaluateSynthesizedStack(stack.toTerraform() as Attributes, { stack: stack.node.id });
      expect({ stack: stack.node.id, blocking: blocking(report, 'high').map((f) => `${f.ruleId} ${f.resource}: ${f.message}`) }).toEqual({ stack: stack.node.id, blocking: [] });
      for (const finding of report.findings.filter((f) => f.suppressed)) {
        expect(ACCEPTED_SUPPRESSIONS[finding.ruleId]).toBeDefined();
        expect(finding.suppressed!.reason).toMatch(ACCEPTED_SUPPRESSIONS[finding.ruleId]!);
        expect(finding.constructPath).toMatch(/\/Artifacts\/AccessLogs\//);
      }
    }
  });
});

describe('synth of a production environment enforces the policies', () => {
  it('refuses a stack with a high finding and names the rule and the resource', () => {
    const app = appFor({ prod: { production: true } });
    const foundation = stacksOf(app).find((stack) => stack.node.id === 'acme-ml-prod-foundation')!;
    new S3Bucket(foundation, 'Unencrypted', { bucket: 'acme-ml-prod-loose' });
    expect(() => app.synth()).toThrow(/Validation failed[\s\S]*(high|critical) PLN-AWS-\d{3} aws_s3_bucket\.Unencrypted/);
  });

  it('lets the same resource through outside production, where findings are for review', () => {
    const app = appFor({ dev: {} });
    const foundation = stacksOf(app).find((stack) => stack.node.id === 'acme-ml-dev-foundation')!;
    new S3Bucket(foundation, 'Unencrypted', { bucket: 'acme-ml-dev-loose' });
    expect(() => app.synth()).not.toThrow();
  });
});

import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { durationMs, expiryTagValue, parseExpiryTag } from '../../../core/config/expiry';
import { gcpLabelsOf } from '../../../core/config/gcp-labels';
import { loadConfig } from '../../../core/config/load';
import { withPreviews, writePreviewRecord, type PreviewRecord } from '../../../core/config/previews';
import { destroyPreviews } from '../../../stacks/delivery/previews';
import { runPlinth } from '../../support/plinth-cli';
import { readDefaultConfig, stackJson, synthApp } from '../../support/synth';
import { configWith, GCP_TEST_CLOUD, synth } from '../support/synth-config';

const RECORD: PreviewRecord = { name: 'pr-42', from: 'dev', createdAt: '2026-12-01T15:00:00.000Z', expiresAt: '2026-12-04T15:00:00.000Z' };

/** A folder with the default platform.yaml and, beside it, `records`. */
function configFolder(records: readonly PreviewRecord[] = [], text = readDefaultConfig()): string {
  const folder = mkdtempSync(path.join(tmpdir(), 'plinth-previews-'));
  writeFileSync(path.join(folder, 'platform.yaml'), text);
  for (const record of records) writePreviewRecord(folder, record);
  return folder;
}

describe('the expiry tag', () => {
  it('is an absolute UTC time in the basic ISO 8601 form, read back exactly, and a valid GCP label value', () => {
    const time = new Date('2026-12-04T15:00:00Z');
    expect(expiryTagValue(time)).toBe('20261204T150000Z');
    expect(parseExpiryTag('20261204T150000Z')).toEqual(time);
    expect(parseExpiryTag('20261204t150000z')).toEqual(time);
    expect(parseExpiryTag('72h')).toBeUndefined();
    expect(gcpLabelsOf({ 'plinth:expires-at': expiryTagValue(time) })).toEqual({ labels: { 'plinth_expires-at': '20261204t150000z' }, problems: [] });
  });

  it('reads TTLs in hours and days, as the ttl field does, and refuses anything else', () => {
    expect(durationMs('72h')).toBe(72 * 3_600_000);
    expect(durationMs('7d')).toBe(7 * 24 * 3_600_000);
    expect(durationMs('3w')).toBeUndefined();
    expect(durationMs('0h')).toBeUndefined();
  });
});

describe('a preview environment', () => {
  it('is its source made disposable: development sizes, no HA, no deletion protection, the same cloud and backend', () => {
    const config = configWith((raw) => {
      raw.environments.prod = { production: true, ha: true, services: { replicas: { min: 3, max: 9 } }, backend: { type: 's3', bucket: 'acme-state', dynamodbTable: 'acme-locks' } };
    });
    const preview = withPreviews(config, [{ ...RECORD, from: 'prod' }], 'platform.yaml').environments['pr-42']!;
    expect(preview).toEqual({
      production: false,
      ha: false,
      deletionProtection: false,
      backend: { type: 's3', bucket: 'acme-state', dynamodbTable: 'acme-locks' },
      expiresAt: RECORD.expiresAt,
      previewOf: 'prod',
    });
  });

  it('is found by loadConfig beside platform.yaml, so every synth, deploy and destroy sees it', () => {
    const loaded = loadConfig(path.join(configFolder([RECORD]), 'platform.yaml'));
    expect(Object.keys(loaded.config.environments)).toEqual(['dev', 'local', 'pr-42']);
  });

  it('refuses a record that shadows an environment of the config, or whose source is gone, naming it', () => {
    expect(() => loadConfig(path.join(configFolder([{ ...RECORD, name: 'local' }]), 'platform.yaml'))).toThrow(/preview "local" has the name of an environment of the config/);
    expect(() => loadConfig(path.join(configFolder([{ ...RECORD, from: 'staging' }]), 'platform.yaml'))).toThrow(
      /preview "pr-42" was derived from environment "staging", which the config no longer defines \(defined: dev, local\)/,
    );
  });

  it('refuses a damaged record, naming its file', () => {
    const folder = configFolder();
    mkdirSync(path.join(folder, '.plinth', 'previews'), { recursive: true });
    writeFileSync(path.join(folder, '.plinth', 'previews', 'pr-1.json'), '{"name": "pr-1", "from": "dev"}');
    expect(() => loadConfig(path.join(folder, 'platform.yaml'))).toThrow(/pr-1\.json: not a valid preview record \(createdAt: .*expiresAt/);
  });
});

describe('destroying a preview rebuilt from its tags', () => {
  it('refuses, writing no record, when its source environment is gone (a record the config cannot load would break every synth)', async () => {
    const folder = configFolder();
    const options = { configFile: path.join(folder, 'platform.yaml'), outdir: path.join(folder, 'cdktf.out'), now: new Date(), log: () => {} };
    await expect(destroyPreviews(options, [{ ...RECORD, from: 'staging' }])).rejects.toThrow(
      /preview pr-42 was derived from environment "staging", which .*platform\.yaml no longer defines: .*tagged plinth:environment=acme-ml-pr-42/,
    );
    expect(existsSync(path.join(folder, '.plinth', 'previews'))).toBe(false);
    expect(Object.keys(loadConfig(options.configFile).config.environments)).toEqual(['dev', 'local']);
  });
});

describe('synthesizing a preview', () => {
  it('tags every resource with the recorded expiry and its source, identically on every synth (no perpetual diff)', () => {
    const folder = configFolder([RECORD]);
    const first = synthApp(path.join(folder, 'platform.yaml'));
    const second = synthApp(path.join(folder, 'platform.yaml'));
    expect([first.status, second.status]).toEqual([0, 0]);
    const stack = stackJson(first.outdir, 'acme-ml-pr-42-foundation');
    expect((stack.provider!.aws![0]!.default_tags as { tags: Record<string, string> }[])[0]!.tags).toMatchObject({
      'plinth:expires-at': '20261204T150000Z',
      'plinth:preview-of': 'dev',
      environment: 'pr-42',
      'plinth:environment': 'acme-ml-pr-42',
    });
    expect(readFileSync(path.join(second.outdir, 'stacks', 'acme-ml-pr-42-foundation', 'cdk.tf.json'), 'utf8')).toBe(
      readFileSync(path.join(first.outdir, 'stacks', 'acme-ml-pr-42-foundation', 'cdk.tf.json'), 'utf8'),
    );
    // The environment it came from is untouched.
    expect(JSON.stringify(stackJson(first.outdir, 'acme-ml-dev-foundation'))).not.toContain('plinth:expires-at');
  });

  it('on GCP, labels every resource (the provider’s default labels) with the expiry GCP accepts', () => {
    const config = configWith((raw) => {
      raw.cloud = { ...GCP_TEST_CLOUD };
      raw.environments = { dev: {} };
    });
    const stacks = synth(withPreviews(config, [RECORD], 'platform.yaml'));
    const provider = stacks['acme-ml-pr-42-foundation']!.provider!.google![0] as { default_labels: Record<string, string> };
    expect(provider.default_labels).toMatchObject({ 'plinth_expires-at': '20261204t150000z', 'plinth_preview-of': 'dev', plinth_environment: 'acme-ml-pr-42' });
  });
});

describe('plinth preview and plinth janitor refuse bad input before touching anything (whole processes)', () => {
  const plinth = (folder: string, args: readonly string[]) => runPlinth([...args, '--config', path.join(folder, 'platform.yaml')], { cwd: folder });

  it.each([
    [['preview', 'up', 'PR_1'], /preview name "PR_1" must be DNS-safe.*\(for example "pr-123"\)/],
    [['preview', 'up', 'pr-1', '--ttl', '3w'], /--ttl 3w: must be a duration in hours or days such as "72h" or "7d"/],
    [['preview', 'up', 'pr-1', '--from', 'staging'], /--from staging: no such environment in .*platform\.yaml \(environments: dev, local\)/],
    [['preview', 'up', 'dev'], /"dev" is an environment of the config, not a preview/],
    [['janitor', '--at', 'friday'], /--at friday: not a time; give an ISO 8601 time such as 2026-12-04T15:00:00Z/],
    [['janitor', '--env', 'staging'], /--env staging: no such environment/],
  ])('plinth %j exits 2 with what was wrong, and records nothing', async (args, message) => {
    const folder = configFolder();
    const run = await plinth(folder, args);
    expect({ code: run.code, stderr: run.stderr.trim() }).toEqual({ code: 2, stderr: expect.stringMatching(message) });
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(path.join(folder, '.plinth', 'previews'))).toBe(false);
  });

  it('the janitor fails, naming the place, when it cannot search where previews live', async () => {
    const text = readDefaultConfig().replace('http://127.0.0.1:4566', 'http://127.0.0.1:9');
    const folder = configFolder([{ ...RECORD, from: 'local', expiresAt: '2099-01-01T00:00:00.000Z' }], text);
    const run = await runPlinth(['janitor', '--env', 'local', '--config', path.join(folder, 'platform.yaml')], { cwd: folder, env: { AWS_MAX_ATTEMPTS: '1' } });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/COULD NOT SEARCH http:\/\/127\.0\.0\.1:9: /);
    expect(run.stdout).toMatch(/pr-42: kept \(expires 2099-01-01T00:00:00\.000Z; found by record\)/);
  });
});

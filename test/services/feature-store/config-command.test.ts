import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { runPlinth } from '../../support/plinth-cli';

const FOUNDATION = {
  artifact_uri: 's3://acme-prod-artifacts',
  cluster_name: 'acme-prod',
  feature_store_project: 'acme_prod',
  feature_store_host: 'master.acme-prod-cache.abc123.euw1.cache.amazonaws.com',
  feature_store_port: 6379,
  feature_store_user: 'acme-prod-cache-feast',
};
const folder = mkdtempSync(path.join(tmpdir(), 'plinth-feature-store-'));

/** An outputs file as `cdktf output --outputs-file` writes it: one object per stack. */
function outputsFile(stacks: unknown): string {
  const file = path.join(folder, `outputs-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, typeof stacks === 'string' ? stacks : JSON.stringify(stacks));
  return file;
}

describe('plinth feature-store config', () => {
  it("prints the environment's feature_store.yaml from the foundation stack's outputs", async () => {
    const file = outputsFile({ 'acme-prod-foundation': FOUNDATION, 'acme-dev-foundation': { ...FOUNDATION, feature_store_project: 'acme_dev' } });
    const run = await runPlinth(['feature-store', 'config', '--outputs', file, '--environment', 'prod']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(parse(run.stdout)).toEqual({
      project: 'acme_prod',
      provider: 'local',
      registry: { registry_type: 'file', path: 's3://acme-prod-artifacts/feature-store/registry.db', cache_ttl_seconds: 60 },
      online_store: { type: 'redis', redis_type: 'redis', connection_string: `${FOUNDATION.feature_store_host}:6379,ssl=true,username=acme-prod-cache-feast`, full_scan_for_deletion: false },
      offline_store: { type: 'file' },
      entity_key_serialization_version: 3,
    });
  });

  it('needs no --environment when the file holds one stack', async () => {
    const run = await runPlinth(['feature-store', 'config', '--outputs', outputsFile({ 'acme-prod-foundation': FOUNDATION })]);
    expect(run.code).toBe(0);
    expect(parse(run.stdout).project).toBe('acme_prod');
  });

  it('names every missing output and the stack that should have it (exit 2, no stack trace)', async () => {
    const { feature_store_host: _host, feature_store_user: _user, ...startup } = FOUNDATION;
    const run = await runPlinth(['feature-store', 'config', '--outputs', outputsFile({ 'acme-prod-foundation': startup })]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('stack "acme-prod-foundation" has no "feature_store_host", "feature_store_user" outputs');
    expect(run.stderr).toContain('enables the feature store');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses a missing file, a file that is not an outputs file, and an unknown or ambiguous environment', async () => {
    const cases: [string[], RegExp][] = [
      [['--outputs', path.join(folder, 'absent.json')], /absent\.json: no such file; write it with `cdktf output/],
      [['--outputs', outputsFile('{"acme-prod-foundation": ')], /not JSON/],
      [['--outputs', outputsFile(['acme'])], /expected cdktf's outputs file/],
      [['--outputs', outputsFile({ 'acme-prod-foundation': FOUNDATION }), '--environment', 'staging'], /no stack named "<platform>-staging-foundation" \(stacks: "acme-prod-foundation"\)/],
      [['--outputs', outputsFile({ 'acme-prod-foundation': FOUNDATION, 'acme-dev-foundation': FOUNDATION })], /2 stacks \("acme-prod-foundation", "acme-dev-foundation"\); pick one with --environment/],
      [['--outputs', outputsFile({ 'acme-prod-foundation': { ...FOUNDATION, feature_store_port: 'six' } })], /stack "acme-prod-foundation": feature_store.yaml:\n  cache.port must be 1-65535, got NaN/],
    ];
    const runs = await Promise.all(cases.map(([args]) => runPlinth(['feature-store', 'config', ...args])));
    cases.forEach(([args, message], i) => expect({ args, code: runs[i]!.code, stderr: runs[i]!.stderr }).toEqual({ args, code: 2, stderr: expect.stringMatching(message) }));
  });
});

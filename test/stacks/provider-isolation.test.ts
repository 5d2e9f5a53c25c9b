import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from '../support/synth';
import { configWith, GCP_TEST_CLOUD } from './support/synth-config';

/**
 * Each cloud's provider bindings cost seconds and hundreds of MB to load: a synth for one cloud must not load the
 * other's. Measured in a fresh process (jest's module registry would hide what a real synth loads).
 */
function providersLoadedBySynth(cloud: 'aws' | 'gcp'): string[] {
  const config = configWith((c) => {
    if (cloud === 'gcp') c.cloud = { ...GCP_TEST_CLOUD };
    c.environments = { dev: {} };
  });
  const dir = mkdtempSync(path.join(tmpdir(), 'plinth-isolation-'));
  const script = `
    const { buildPlatformApp } = require('./stacks/platform-app');
    buildPlatformApp({ file: 'platform.yaml', directory: ${JSON.stringify(dir)}, config: ${JSON.stringify(config)} }, ${JSON.stringify(path.join(dir, 'out'))}).synth();
    const providers = new Set(Object.keys(require.cache).map((file) => /@cdktf\\/(provider-[a-z]+)/.exec(file)?.[1]).filter(Boolean));
    process.stdout.write(JSON.stringify([...providers].sort()));
  `;
  const result = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout) as string[];
}

describe("a synth loads only its own cloud's provider bindings", () => {
  it('AWS: aws, kubernetes and helm, not google', () => {
    expect(providersLoadedBySynth('aws')).toEqual(['provider-aws', 'provider-helm', 'provider-kubernetes']);
  });

  it('GCP: google, kubernetes and helm, not aws', () => {
    expect(providersLoadedBySynth('gcp')).toEqual(['provider-google', 'provider-helm', 'provider-kubernetes']);
  });
});

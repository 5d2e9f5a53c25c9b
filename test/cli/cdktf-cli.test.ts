import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT, readDefaultConfig, writeTempConfig } from '../support/synth';

/** The project's own cdktf CLI (a dev dependency), as `npx cdktf` runs it. */
function cdktf(args: string[], env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(path.join(REPO_ROOT, 'node_modules', '.bin', 'cdktf'), args, {
    cwd: REPO_ROOT,
    env: { ...process.env, CHECKPOINT_DISABLE: '1', CI: 'true', FORCE_COLOR: '0', ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('the cdktf CLI drives Plinth with no global install', () => {
  /** The first test's output, which the next one synthesizes another config into. */
  const outdir = path.join(mkdtempSync(path.join(tmpdir(), 'plinth-cli-')), 'synth-out');

  it('`cdktf synth --output <dir>` synthesizes every stack into that folder and shows the summary', () => {
    const result = cdktf(['synth', '--output', outdir]);
    expect({ code: result.code, output: result.code === 0 ? '' : result.output }).toEqual({ code: 0, output: '' });
    expect(result.output).toMatch(/Plinth synthesized 4 stacks/);
    for (const stack of ['acme-ml-dev-foundation', 'acme-ml-dev-workloads', 'acme-ml-local-foundation', 'acme-ml-local-workloads']) {
      expect(existsSync(path.join(outdir, 'stacks', stack, 'cdk.tf.json'))).toBe(true);
    }
  });

  it('`cdktf synth` into a folder that holds another config\'s stacks succeeds first time and leaves only the new stacks', () => {
    expect(existsSync(path.join(outdir, 'stacks', 'acme-ml-dev-foundation'))).toBe(true);
    const renamed = writeTempConfig(readDefaultConfig().replace('  dev:\n', '  staging:\n'));
    const result = cdktf(['synth', '--output', outdir], { PLINTH_CONFIG: renamed });
    expect({ code: result.code, output: result.code === 0 ? '' : result.output }).toEqual({ code: 0, output: '' });
    expect(readdirSync(path.join(outdir, 'stacks')).sort()).toEqual([
      'acme-ml-local-foundation', 'acme-ml-local-workloads', 'acme-ml-staging-foundation', 'acme-ml-staging-workloads',
    ]);
    expect(existsSync(path.join(outdir, 'stacks', 'acme-ml-staging-foundation', 'cdk.tf.json'))).toBe(true);
  });

  it('`cdktf list` lists the stacks of the config PLINTH_CONFIG names', () => {
    const config = writeTempConfig(readDefaultConfig().replace('  dev:\n', '  staging:\n    production: false\n  dev:\n'));
    const outdir = path.join(mkdtempSync(path.join(tmpdir(), 'plinth-list-')), 'out');
    const result = cdktf(['list', '--output', outdir], { PLINTH_CONFIG: config });
    expect(result.code).toBe(0);
    for (const env of ['staging', 'dev', 'local']) {
      expect(result.output).toMatch(new RegExp(`acme-ml-${env}-foundation`));
      expect(result.output).toMatch(new RegExp(`acme-ml-${env}-workloads`));
    }
  });

  it('`cdktf synth` fails on a bad config, shows the problems, and writes nothing', () => {
    const config = writeTempConfig(readDefaultConfig().replace('region: eu-west-1', 'region: mars-1'));
    const outdir = path.join(mkdtempSync(path.join(tmpdir(), 'plinth-clibad-')), 'out');
    const result = cdktf(['synth', '--output', outdir], { PLINTH_CONFIG: config });
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/cloud\.region: found "mars-1"; must be an AWS region name/);
    expect(existsSync(path.join(outdir, 'manifest.json'))).toBe(false);
  });
});

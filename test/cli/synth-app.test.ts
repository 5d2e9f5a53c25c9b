import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parse, stringify } from 'yaml';
import { readDefaultConfig, synthApp, writeTempConfig } from '../support/synth';

describe('the cdktf app (cdktf.json runs it for `cdktf synth`)', () => {
  it('synthesizes every stack and prints a summary with resource counts', () => {
    const result = synthApp(writeTempConfig(readDefaultConfig()));
    expect(result).toMatchObject({ status: 0, stderr: '' });
    expect(result.stdout).toMatch(/^Plinth synthesized 4 stacks \(\d+ resources\) into /);
    const rows = result.stdout.split('\n').filter((line) => /^ {2}acme-ml-/.test(line));
    expect(rows.map((row) => row.trim().split(/\s+/)[0])).toEqual(['acme-ml-dev-foundation', 'acme-ml-dev-workloads', 'acme-ml-local-foundation', 'acme-ml-local-workloads']);
    const manifest = JSON.parse(readFileSync(path.join(result.outdir, 'manifest.json'), 'utf8'));
    const foundation = JSON.parse(readFileSync(path.join(result.outdir, manifest.stacks['acme-ml-dev-foundation'].synthesizedStackPath), 'utf8'));
    const resources = Object.values(foundation.resource as Record<string, object>).reduce((n, byName) => n + Object.keys(byName).length, 0);
    expect(rows[0]).toMatch(new RegExp(`^ {2}acme-ml-dev-foundation +${resources} `));
  });

  it('refuses a bad config with exit 2 and writes nothing', () => {
    const outdir = path.join(mkdtempSync(path.join(tmpdir(), 'plinth-bad-')), 'cdktf.out');
    const result = synthApp(writeTempConfig(readDefaultConfig().replace('owner: ml-platform', 'owner: ""')), outdir);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/tags\.owner: found 0 characters; must be at least 1 characters|tags\.owner: must not be empty/);
    expect(existsSync(outdir)).toBe(false);
    expect(existsSync(`${outdir}.plinth-staging-`)).toBe(false);
  });

  it('keeps the previous output intact when a later synth fails', () => {
    const outdir = path.join(mkdtempSync(path.join(tmpdir(), 'plinth-keep-')), 'cdktf.out');
    mkdirSync(outdir);
    writeFileSync(path.join(outdir, 'manifest.json'), '{"previous":true}');
    // A config valid field by field that synth refuses: pgvector with no metadata database to live in.
    const config = parse(readDefaultConfig()) as Record<string, any>;
    config.blueprint = 'llm-rag';
    config.capabilities = { tracking: false, drift: false, gates: false };
    config.environments = { dev: { vectorDb: { engine: 'pgvector' } } };
    const result = synthApp(writeTempConfig(stringify(config)), outdir);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^environments\.dev\.vectorDb\.engine: pgvector lives in the metadata database, .*nothing was synthesized\.\n$/);
    expect(readFileSync(path.join(outdir, 'manifest.json'), 'utf8')).toBe('{"previous":true}');
  });

  it('replaces the previous output when synth succeeds', () => {
    const outdir = path.join(mkdtempSync(path.join(tmpdir(), 'plinth-replace-')), 'cdktf.out');
    mkdirSync(path.join(outdir, 'stacks', 'gone'), { recursive: true });
    expect(synthApp(writeTempConfig(readDefaultConfig()), outdir).status).toBe(0);
    expect(existsSync(path.join(outdir, 'stacks', 'gone'))).toBe(false);
    expect(existsSync(path.join(outdir, 'stacks', 'acme-ml-dev-foundation', 'cdk.tf.json'))).toBe(true);
  });
});

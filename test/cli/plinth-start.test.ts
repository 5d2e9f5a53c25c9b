import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Command } from 'commander';
import { buildProgram } from '../../services/cli/main';
import { PACKS } from '../../policies/rules';
import { PACK_NAMES } from '../../policies/rules/pack-names';
import { REPO_ROOT } from '../support/synth';
import { build, copyOfPackage, packagesOf, plinth, serve } from './support/plinth-process';

const VERSION = (JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** What tsx's loader brings with it when plinth runs the TypeScript sources. */
const TSX_LOADER = ['tsx', ...Object.keys((require('tsx/package.json') as { dependencies: Record<string, string> }).dependencies)];

/** Every command that does something, with its words (`['policy', 'check']`) and its long flags. */
function leafCommands(command: Command, words: string[] = []): { words: string[]; flags: string[] }[] {
  if (command.commands.length === 0) return [{ words, flags: command.options.map((option) => option.long!) }];
  return command.commands.flatMap((sub) => leafCommands(sub, [...words, sub.name()]));
}

describe('plinth --version', () => {
  it.each(['--version', '-V'])('%s prints the version in package.json', (flag) => {
    expect(plinth(REPO_ROOT, [flag])).toMatchObject({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
  });
});

describe('a package where npm ci has run (its prepare script builds dist/)', () => {
  let root: string;
  beforeAll(() => {
    root = copyOfPackage();
    build(root);
  });

  it('runs the compiled CLI: `plinth config validate` checks platform.yaml', () => {
    const run = plinth(root, ['config', 'validate']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(/is valid: platform "acme-ml", blueprint startup on aws, environments dev, local/);
    expect(run.loaded).toContain(path.join('dist', 'services', 'cli', 'main.js'));
    expect(packagesOf(run.loaded)).not.toContain('tsx');
  });

  it('`plinth --help` lists every command family, and loads nothing but commander to do it', () => {
    const run = plinth(root, ['--help']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    for (const family of buildProgram(VERSION).commands) {
      expect(run.stdout).toMatch(new RegExp(`^ +${family.name()} .*${family.description().slice(0, 30).replace(/[()]/g, '\\$&')}`, 'm'));
    }
    expect(packagesOf(run.loaded)).toEqual(['commander']);
  });

  it.each(leafCommands(buildProgram(VERSION)).map((command) => [command.words.join(' '), command] as const))(
    '`plinth %s --help` lists every option without loading the engine behind the command',
    (_name, command) => {
      const run = plinth(root, [...command.words, '--help']);
      expect(run).toMatchObject({ code: 0, stderr: '' });
      for (const flag of command.flags) expect(run.stdout).toContain(flag);
      expect(packagesOf(run.loaded)).toEqual(['commander']);
    },
  );

  it('`plinth policy check` runs the engine and every rule compiled as one module, and bad input is still one clear line', () => {
    const plan = path.join(root, 'plan.json');
    writeFileSync(plan, JSON.stringify(samplePlan()));
    const run = plinth(root, ['policy', 'check', plan, '--format', 'json']);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as { findings: { ruleId: string; resource: string }[] };
    expect(report.findings).toContainEqual(expect.objectContaining({ ruleId: 'PLN-AWS-001', resource: 'aws_s3_bucket.b' }));
    expect(run.loaded).toContain(path.join('dist', 'policies', 'check-command.js'));
    // Registering the command's options loads a few small lists; the engine and the rules come from the one file.
    for (const separate of [['engine', 'evaluate.js'], ['engine', 'loaders', 'plan.js'], ['rules', 'index.js'], ['rules', 'aws', 's3-public-access-block.js']]) {
      expect(run.loaded).not.toContain(path.join('dist', 'policies', ...separate));
    }

    // The bundle shares core/'s UserFacingError with the CLI: bad input is exit 2 and one line, not "unexpected error".
    writeFileSync(plan, '{"format_version": "1.2",');
    const bad = plinth(root, ['policy', 'check', plan]);
    expect(bad).toMatchObject({ code: 2, stdout: '' });
    expect(bad.stderr).toBe('plinth policy check: plan.json:1:26: invalid JSON: Expected double-quoted property name\n');
  });

  it('serves tracking from the compiled layout: the embedded store’s worker thread runs the SQL migrations', async () => {
    const server = await serve(root, ['tracking', 'serve', '--database-url', 'memory:', '--artifacts', path.join(root, '.plinth', 'artifacts')]);
    try {
      const created = await fetch(`${server.url}/api/2.0/mlflow/experiments/create`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"compiled"}' });
      expect(created.status).toBe(200);
    } finally {
      const run = await server.stop();
      expect(run.code).toBe(0);
      expect(packagesOf(run.loaded)).not.toContain('tsx');
    }
  });

  it('prints no AWS SDK notice about Node 20: the lock file pins SDK releases that run on it', async () => {
    // An s3:// artifact store builds the S3 client at start, which is where the SDK emits its notice.
    const server = await serve(root, ['tracking', 'serve', '--database-url', 'memory:', '--artifacts', 's3://plinth-artifacts/runs']);
    const run = await server.stop();
    expect(run.code).toBe(0);
    expect(run.stderr).not.toContain('NodeVersionSupportWarning');
    expect(run.stderr).not.toContain('Warning:');
  });

  it('serves drift from the compiled layout: references and batches are analysed in worker threads', async () => {
    const server = await serve(root, ['drift', 'serve', '--database-url', 'memory:', '--min-window-rows', '5']);
    try {
      const reference = await fetch(`${server.url}/api/drift/models/churn/reference`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'x\n1\n2\n3\n4\n5\n6\n' });
      expect(reference.status).toBe(201);
      const batch = await fetch(`${server.url}/api/drift/models/churn/batches`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify([1, 2, 3, 4, 5].map((x) => ({ x }))),
      });
      expect(((await batch.json()) as { report: { report: { dataset: { drifted: boolean } } } }).report.report.dataset.drifted).toBe(false);
    } finally {
      const run = await server.stop();
      expect(run.code).toBe(0);
      expect(packagesOf(run.loaded)).not.toContain('tsx');
    }
  });

  it('runs an edited source at once, through tsx, and the compiled CLI again after `npm run build`', () => {
    const source = path.join(root, 'services', 'cli', 'config-commands.ts');
    writeFileSync(source, readFileSync(source, 'utf8').replace('is valid: platform', 'is valid (edited): platform'));

    const edited = plinth(root, ['config', 'validate']);
    expect(edited).toMatchObject({ code: 0, stderr: '' });
    expect(edited.stdout).toMatch(/is valid \(edited\): platform "acme-ml"/);
    expect(packagesOf(edited.loaded)).toContain('tsx');

    const help = plinth(root, ['--help']);
    expect(help.code).toBe(0);
    expect(packagesOf(help.loaded).filter((name) => name !== 'commander' && !TSX_LOADER.includes(name))).toEqual([]);

    build(root);
    const rebuilt = plinth(root, ['config', 'validate']);
    expect(rebuilt.stdout).toMatch(/is valid \(edited\): platform "acme-ml"/);
    expect(packagesOf(rebuilt.loaded)).not.toContain('tsx');
  });
});

test('`plinth policy check --help` names every pack', () => {
  expect(PACK_NAMES).toEqual(PACKS.map((pack) => pack.name));
});

/** A plan with one bucket that has no encryption, versioning or public access block. */
function samplePlan(): Record<string, unknown> {
  const bucket = { address: 'aws_s3_bucket.b', mode: 'managed', type: 'aws_s3_bucket', name: 'b', values: { bucket: 'b' } };
  return { format_version: '1.2', planned_values: { root_module: { resources: [bucket] } }, resource_changes: [], configuration: { root_module: {} } };
}

import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { freePort } from '../../support/free-port';
import { REPO_ROOT } from '../../support/synth';

const { SOURCE_FOLDERS } = require('../../../bin/compiled-output') as { SOURCE_FOLDERS: readonly string[] };

export interface PlinthRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Every module the process loaded, relative to the package root (`node_modules/commander/index.js`). */
  readonly loaded: readonly string[];
}

/** `node bin/plinth.js …` in a package folder, as `npx plinth …` runs it there. */
export function plinth(root: string, args: readonly string[]): PlinthRun {
  const report = loadedModulesFile();
  const result = spawnSync(process.execPath, plinthArguments(root, args), { cwd: root, env: { ...process.env, PLINTH_TEST_LOADED_MODULES: report }, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, loaded: loadedModules(root, report) };
}

/**
 * `plinth <family> serve …` in a package folder, on a free port, without tokens; `stop()` sends
 * SIGTERM and resolves with what the process did once it exits.
 */
export async function serve(root: string, args: readonly string[]): Promise<{ readonly url: string; stop(): Promise<PlinthRun> }> {
  const port = await freePort();
  const report = loadedModulesFile();
  const child = spawn(process.execPath, plinthArguments(root, [...args, '--port', String(port), '--host', '127.0.0.1']), {
    cwd: root,
    env: { ...process.env, PLINTH_TOKENS: '', PLINTH_TOKENS_FILE: '', PLINTH_TEST_LOADED_MODULES: report },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<PlinthRun> => {
    child.kill('SIGTERM');
    const code = await exited;
    return { code, stdout, stderr, loaded: loadedModules(root, report) };
  };
  for (let attempt = 0; !(await fetch(`${url}/healthz`).then((response) => response.ok, () => false)); attempt++) {
    if (child.exitCode !== null || attempt === 600) {
      await stop();
      throw new Error(`plinth ${args.join(' ')} did not answer /healthz (exit ${child.exitCode}):\n${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { url, stop };
}

function plinthArguments(root: string, args: readonly string[]): string[] {
  return ['--require', path.join(__dirname, 'loaded-modules.cjs'), path.join(root, 'bin', 'plinth.js'), ...args];
}

function loadedModulesFile(): string {
  return path.join(mkdtempSync(path.join(tmpdir(), 'plinth-modules-')), 'loaded.json');
}

function loadedModules(root: string, report: string): string[] {
  const realRoot = path.join(REPO_ROOT, path.sep);
  return (JSON.parse(readFileSync(report, 'utf8')) as string[]).map((file) => path.relative(file.startsWith(realRoot) ? REPO_ROOT : root, file));
}

/**
 * The package as a fresh clone has it, in a temporary folder that shares this checkout's
 * node_modules: what `npm ci` would install there. Nothing is built yet.
 */
export function copyOfPackage(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'plinth-package-'));
  for (const file of [...SOURCE_FOLDERS, 'bin', 'scripts', 'package.json', 'tsconfig.json', 'platform.yaml']) {
    cpSync(path.join(REPO_ROOT, file), path.join(root, file), { recursive: true });
  }
  symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(root, 'node_modules'));
  return root;
}

/** `npm run build` in a package folder. */
export function build(root: string): void {
  const result = spawnSync('npm', ['run', 'build'], { cwd: root, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`npm run build failed:\n${result.stdout}${result.stderr}`);
}

/** The npm packages among loaded modules, e.g. `commander`, `@cdktf/provider-aws`. */
export function packagesOf(loaded: readonly string[]): string[] {
  const names = loaded.flatMap((file) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)?.[1] ?? []);
  return [...new Set(names)].sort();
}

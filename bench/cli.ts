/**
 * The plinth CLI as users wait for it, whole-process through `npx` (goals from issue 8):
 * `npx plinth --help` under 0.5 s of Plinth's own time (its wall time minus `npx` running a bin that
 * does nothing in the same package), `npx plinth policy check` of a 10,000-resource plan under 1 s,
 * and `npx cdktf synth` of the default config no slower than before. Each figure is the median of
 * several runs next to the CLI before issue 8 (every command family loaded through tsx at start),
 * checked out from git, measured in the same run. Each runs in a temporary package folder set up
 * alike (this working tree, built; the old CLI; a no-op bin), so that npx does the same work in each.
 *
 *   node --import tsx bench/cli.ts       (PLINTH_BENCH_RUNS sets the runs: default 5, synth 3)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { median, printFigure } from './figures';
import { generatePlan } from './policy';

const ROOT = path.resolve(__dirname, '..');
const RUNS = Number(process.env.PLINTH_BENCH_RUNS ?? 5);
const SYNTH_RUNS = Number(process.env.PLINTH_BENCH_RUNS ?? 3);
const ENV = { ...process.env, CHECKPOINT_DISABLE: '1', CI: 'true', FORCE_COLOR: '0' };

/**
 * The code issue 8 was filed against: every command family loaded through tsx at start. (The parent
 * of the commit that changed that does not run `plinth`: it lacks a drift file a concurrent commit removed.)
 */
const BEFORE = 'f3b00fc';

const folders: string[] = [];

/** A temporary folder, removed when the benchmark ends. */
function temporaryFolder(): string {
  const folder = mkdtempSync(path.join(tmpdir(), 'plinth-bench-cli-'));
  folders.push(folder);
  return folder;
}

/**
 * A package folder with this checkout's node_modules hard-linked in, timestamps kept: npm then trusts
 * its hidden lockfile there as here, so `npx` costs the same as in this checkout.
 */
function packageFolder(fill: (folder: string) => void): string {
  const folder = temporaryFolder();
  fill(folder);
  execFileSync('cp', ['-al', path.join(ROOT, 'node_modules'), path.join(folder, 'node_modules')]);
  return folder;
}

/** This working tree (the files git tracks or would), built as `npm ci` builds it. */
const current = packageFolder((folder) =>
  execFileSync('sh', ['-c', `git ls-files -z -co --exclude-standard | tar --null --ignore-failed-read -T - -c | tar -x -C "${folder}"`], { cwd: ROOT }),
);
execFileSync('npm', ['run', '--silent', 'build'], { cwd: current, stdio: 'ignore' });

const before = packageFolder((folder) => execFileSync('sh', ['-c', `git -C "${ROOT}" archive ${BEFORE} | tar -x -C "${folder}"`]));

/** The same package.json (so `npx` resolves `plinth` the same way) with a bin that does nothing. */
const noop = packageFolder((folder) => {
  const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
  writeFileSync(path.join(folder, 'package.json'), JSON.stringify({ ...manifest, scripts: {}, bin: { plinth: 'noop.js' } }));
  writeFileSync(path.join(folder, 'noop.js'), '#!/usr/bin/env node\n', { mode: 0o755 });
});

/** Wall seconds of one run of a command; throws on an unexpected exit code. */
function runOnce(cwd: string, command: string, args: readonly string[], okCodes: readonly number[] = [0]): number {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { cwd, env: ENV, encoding: 'utf8', maxBuffer: 1 << 28 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (!okCodes.includes(result.status ?? -1)) throw new Error(`${command} ${args.join(' ')} in ${cwd} exited ${result.status}:\n${result.stderr}`);
  return seconds;
}

/** Median wall seconds of a command, after one run that warms the file cache and tsx's transform cache. */
function wall(cwd: string, command: string, args: readonly string[], runs = RUNS, okCodes: readonly number[] = [0]): number {
  runOnce(cwd, command, args, okCodes);
  return median(Array.from({ length: runs }, () => runOnce(cwd, command, args, okCodes)));
}

/**
 * Plinth's own time: each run of `command plinth …` is paired with a run of the same command on the
 * no-op bin right after it, and the median of the differences is taken. Pairing cancels the drift of
 * a shared machine's speed (±20 % over minutes here) that a single overhead figure taken once would not.
 */
function ownTime(cwd: string, command: string, args: readonly string[], noopArgs: readonly string[], okCodes: readonly number[] = [0]): { wall: number; own: number } {
  runOnce(cwd, command, args, okCodes);
  runOnce(noop, command, noopArgs);
  const walls: number[] = [];
  const differences: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const seconds = runOnce(cwd, command, args, okCodes);
    walls.push(seconds);
    differences.push(seconds - runOnce(noop, command, noopArgs));
  }
  return { wall: median(walls), own: median(differences) };
}

function main(): void {
  printFigure('npx running a bin that does nothing, in the same package (npx overhead)', wall(noop, 'npx', ['plinth']), 's');
  const help = ownTime(current, 'npx', ['plinth', '--help'], ['plinth']);
  const helpBefore = ownTime(before, 'npx', ['plinth', '--help'], ['plinth']);
  printFigure('npx plinth --help wall', help.wall, 's', { baseline: 'before, eager tsx', value: helpBefore.wall });
  printFigure('npx plinth --help, Plinth\'s own time (wall minus npx on a no-op bin, paired runs; goal < 0.5 s)', help.own, 's', {
    baseline: 'before, eager tsx',
    value: helpBefore.own,
  });
  const direct = wall(current, process.execPath, ['bin/plinth.js', '--help']);
  printFigure('node bin/plinth.js --help wall', direct, 's', { baseline: 'before, eager tsx', value: wall(before, process.execPath, ['bin/plinth.js', '--help']) });

  const plan = path.join(temporaryFolder(), 'plan.json');
  writeFileSync(plan, JSON.stringify(generatePlan(10_000)));
  const check = ['policy', 'check', plan, '--format', 'json', '--output', path.join(path.dirname(plan), 'report.json')];
  // Exit 1: the generated plan has findings on purpose.
  const policyCheck = ownTime(current, 'npx', ['plinth', ...check], ['plinth'], [1]);
  const policyCheckBefore = ownTime(before, 'npx', ['plinth', ...check], ['plinth'], [1]);
  printFigure('npx plinth policy check of a 10,000-resource plan wall', policyCheck.wall, 's', { baseline: 'before, eager tsx', value: policyCheckBefore.wall });
  printFigure('npx plinth policy check of a 10,000-resource plan, Plinth\'s own time (paired runs; goal < 1 s)', policyCheck.own, 's', {
    baseline: 'before, eager tsx',
    value: policyCheckBefore.own,
  });
  const checkDirect = ownTime(current, process.execPath, ['bin/plinth.js', ...check], ['noop.js'], [1]);
  printFigure('node bin/plinth.js policy check of the same plan, wall minus node on a no-op file (paired runs)', checkDirect.own, 's');

  const synth = (cwd: string): number => wall(cwd, 'npx', ['cdktf', 'synth', '--output', path.join(temporaryFolder(), 'cdktf.out')], SYNTH_RUNS);
  printFigure('npx cdktf synth of the default config wall', synth(current), 's', { baseline: 'before', value: synth(before) });

  // An edit makes dist/ stale: plinth then runs the sources through tsx until `npm run build`.
  const edited = path.join(current, 'services', 'cli', 'main.ts');
  utimesSync(edited, new Date(), new Date());
  printFigure('node bin/plinth.js --help wall after an edit, before npm run build (sources through tsx)', wall(current, process.execPath, ['bin/plinth.js', '--help']), 's', {
    baseline: 'compiled',
    value: direct,
  });
}

try {
  main();
} finally {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
}

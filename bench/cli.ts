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

/** Median wall seconds of a command, after one run that warms the file cache and tsx's transform cache. */
function wall(cwd: string, command: string, args: readonly string[], runs = RUNS, okCodes: readonly number[] = [0]): number {
  const once = (): number => {
    const started = process.hrtime.bigint();
    const result = spawnSync(command, args, { cwd, env: ENV, encoding: 'utf8', maxBuffer: 1 << 28 });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (!okCodes.includes(result.status ?? -1)) throw new Error(`${command} ${args.join(' ')} in ${cwd} exited ${result.status}:\n${result.stderr}`);
    return seconds;
  };
  once();
  return median(Array.from({ length: runs }, once));
}

function main(): void {
  const npxOverhead = wall(noop, 'npx', ['plinth']);
  printFigure('npx running a bin that does nothing, in the same package (npx overhead)', npxOverhead, 's');
  const help = wall(current, 'npx', ['plinth', '--help']);
  const helpBefore = wall(before, 'npx', ['plinth', '--help']);
  printFigure('npx plinth --help wall', help, 's', { baseline: 'before, eager tsx', value: helpBefore });
  printFigure('npx plinth --help, Plinth\'s own time (wall minus npx overhead; goal < 0.5 s)', help - npxOverhead, 's', {
    baseline: 'before, eager tsx',
    value: helpBefore - npxOverhead,
  });
  const direct = wall(current, process.execPath, ['bin/plinth.js', '--help']);
  printFigure('node bin/plinth.js --help wall', direct, 's', { baseline: 'before, eager tsx', value: wall(before, process.execPath, ['bin/plinth.js', '--help']) });

  const plan = path.join(temporaryFolder(), 'plan.json');
  writeFileSync(plan, JSON.stringify(generatePlan(10_000)));
  const check = ['plinth', 'policy', 'check', plan, '--format', 'json', '--output', path.join(path.dirname(plan), 'report.json')];
  // Exit 1: the generated plan has findings on purpose.
  const policyCheck = wall(current, 'npx', check, RUNS, [1]);
  const policyCheckBefore = wall(before, 'npx', check, RUNS, [1]);
  printFigure('npx plinth policy check of a 10,000-resource plan wall (goal < 1 s)', policyCheck, 's', { baseline: 'before, eager tsx', value: policyCheckBefore });
  printFigure('npx plinth policy check of a 10,000-resource plan, Plinth\'s own time (wall minus npx overhead)', policyCheck - npxOverhead, 's', {
    baseline: 'before, eager tsx',
    value: policyCheckBefore - npxOverhead,
  });

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

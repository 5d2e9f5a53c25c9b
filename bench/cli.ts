/**
 * The plinth CLI as users wait for it, whole-process through `npx` (goals from issue 8):
 * `npx plinth --help` under 0.5 s of Plinth's own time (its wall time minus `npx` running a bin that
 * does nothing in the same package), `npx plinth policy check` of a 10,000-resource plan under 1 s,
 * and `npx cdktf synth` of the default config no slower than before. Each figure is the median of
 * several runs next to the CLI before issue 8 (every command family loaded through tsx at start),
 * checked out from git into a temporary folder that shares node_modules, measured in the same run.
 *
 *   node --import tsx bench/cli.ts       (PLINTH_BENCH_RUNS sets the runs: default 5, synth 3)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
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

/** A package folder sharing this checkout's node_modules, as `npm ci` would install it. */
function packageFolder(fill: (folder: string) => void): string {
  const folder = mkdtempSync(path.join(tmpdir(), 'plinth-bench-cli-'));
  fill(folder);
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(folder, 'node_modules'));
  return folder;
}

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
  // What `npm ci` leaves behind: a current dist/.
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'ignore' });

  const npxOverhead = wall(noop, 'npx', ['plinth']);
  printFigure('npx running a bin that does nothing, in the same package (npx overhead)', npxOverhead, 's');
  const help = wall(ROOT, 'npx', ['plinth', '--help']);
  const helpBefore = wall(before, 'npx', ['plinth', '--help']);
  printFigure('npx plinth --help wall', help, 's', { baseline: 'before, eager tsx', value: helpBefore });
  printFigure('npx plinth --help, Plinth\'s own time (wall minus npx overhead; goal < 0.5 s)', help - npxOverhead, 's', {
    baseline: 'before, eager tsx',
    value: helpBefore - npxOverhead,
  });
  const direct = wall(ROOT, process.execPath, ['bin/plinth.js', '--help']);
  printFigure('node bin/plinth.js --help wall', direct, 's', { baseline: 'before, eager tsx', value: wall(before, process.execPath, ['bin/plinth.js', '--help']) });

  const plan = path.join(mkdtempSync(path.join(tmpdir(), 'plinth-bench-plan-')), 'plan.json');
  writeFileSync(plan, JSON.stringify(generatePlan(10_000)));
  const check = ['plinth', 'policy', 'check', plan, '--format', 'json', '--output', path.join(path.dirname(plan), 'report.json')];
  // Exit 1: the generated plan has findings on purpose.
  printFigure('npx plinth policy check of a 10,000-resource plan wall (goal < 1 s)', wall(ROOT, 'npx', check, RUNS, [1]), 's', {
    baseline: 'before, eager tsx',
    value: wall(before, 'npx', check, RUNS, [1]),
  });

  const synth = (cwd: string): number => wall(cwd, 'npx', ['cdktf', 'synth', '--output', path.join(mkdtempSync(path.join(tmpdir(), 'plinth-bench-synth-')), 'out')], SYNTH_RUNS);
  printFigure('npx cdktf synth of the default config wall', synth(ROOT), 's', { baseline: 'before', value: synth(before) });
}

main();

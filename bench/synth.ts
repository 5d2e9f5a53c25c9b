/**
 * Synth benchmark: wall time and peak RSS of a full `cdktf synth` app run (`node bin/synth.js`, as
 * cdktf.json runs it, on the compiled output that `npm ci` builds) for each config of a matrix
 * (every environment of each), median of several runs, against the same synth preceded by barrel
 * imports of the providers (the naive baseline). Goal for the default config: under 2 s and 300 MB.
 *
 *   node --import tsx bench/synth.ts
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parse, stringify } from 'yaml';
import { median, printFigure } from './figures';

const ROOT = path.resolve(__dirname, '..');
const RUNS = Number(process.env.PLINTH_BENCH_RUNS ?? 3);

interface Sample {
  readonly seconds: number;
  readonly peakRssMb: number;
}

/** The committed config, one with every kind of environment a platform team runs, and each blueprint's example (examples/). */
function configMatrix(): Record<string, string> {
  const base = parse(readFileSync(path.join(ROOT, 'platform.yaml'), 'utf8')) as Record<string, any>;
  const wide = structuredClone(base);
  wide.environments = {
    ...base.environments,
    staging: { budget: { monthlyUsd: 1500 } },
    prod: { production: true, backend: { type: 's3', bucket: 'acme-tf-state', dynamodbTable: 'acme-tf-lock' } },
    'pr-101': { ttl: '72h' },
    'pr-102': { ttl: '72h' },
  };
  const dir = mkdtempSync(path.join(tmpdir(), 'plinth-bench-'));
  const files: Record<string, string> = {};
  // The default config on Google Cloud: its synth must load none of the AWS provider's bindings (and the reverse).
  const gcp: Record<string, any> = { ...structuredClone(base), cloud: { provider: 'gcp', project: 'acme-ml-prod', region: 'europe-west4', billingAccount: '01A2B3-C4D5E6-F7A8B9' } };
  delete gcp.environments.local;
  for (const [name, config] of Object.entries({ default: base, 'six-environments': wide, 'default on gcp': gcp })) {
    files[name] = path.join(dir, `${name}.yaml`);
    writeFileSync(files[name]!, stringify(config));
  }
  for (const example of ['realtime', 'llm-rag']) files[`${example} example`] = path.join(ROOT, 'examples', `${example}.yaml`);
  return files;
}

/** Stacks a synth of the config writes (foundation, workloads and, with cluster add-ons, add-ons per environment). */
function stackCount(config: string): number {
  const { blueprint, environments } = parse(readFileSync(config, 'utf8')) as { blueprint: string; environments: object };
  return Object.keys(environments).length * (blueprint === 'startup' ? 2 : 3);
}

function synthOnce(config: string, preloads: readonly string[]): Sample {
  const outdir = path.join(mkdtempSync(path.join(tmpdir(), 'plinth-bench-out-')), 'cdktf.out');
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [...preloads.flatMap((p) => ['--require', path.join(__dirname, p)]), 'bin/synth.js'], {
    cwd: ROOT,
    env: { ...process.env, PLINTH_CONFIG: config, CDKTF_OUTDIR: outdir, PLINTH_BENCH_CLOUD: (parse(readFileSync(config, 'utf8')) as { cloud: { provider: string } }).cloud.provider },
    encoding: 'utf8',
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) throw new Error(`synth of ${config} failed:\n${result.stderr}`);
  const rss = /PLINTH_BENCH_PEAK_RSS_KB=(\d+)/.exec(result.stderr);
  return { seconds, peakRssMb: Number(rss?.[1] ?? 0) / 1024 };
}

function measure(config: string, preloads: readonly string[]): Sample {
  const samples = Array.from({ length: RUNS }, () => synthOnce(config, preloads));
  return { seconds: median(samples.map((s) => s.seconds)), peakRssMb: median(samples.map((s) => s.peakRssMb)) };
}

function main(): void {
  // What `npm ci` leaves behind: the compiled app that bin/synth.js runs.
  const build = spawnSync(process.execPath, ['scripts/build.js'], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stderr}`);
  for (const [name, config] of Object.entries(configMatrix())) {
    const stacks = stackCount(config);
    const deep = measure(config, ['report-peak-rss.cjs']);
    const naive = measure(config, ['report-peak-rss.cjs', 'naive-barrel-imports.cjs']);
    const goal = name === 'default' ? ' (goal < 2 s)' : '';
    const memoryGoal = name === 'default' ? ' (goal < 300 MB)' : '';
    printFigure(`synth ${name} (${stacks} stacks) wall time${goal}`, deep.seconds, 's', { baseline: 'barrel imports', value: naive.seconds });
    printFigure(`synth ${name} (${stacks} stacks) peak RSS${memoryGoal}`, deep.peakRssMb, 'MB', { baseline: 'barrel imports', value: naive.peakRssMb });
  }
}

main();

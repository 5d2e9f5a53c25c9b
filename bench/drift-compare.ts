/**
 * `plinth drift compare` as users run it: whole processes on 10^6 vs 10^6 rows of three numeric columns
 * (tested with ks, psi and wasserstein), from CSV and from Parquet, against numpy + scipy doing the same
 * work on the same CSV (np.loadtxt, the fastest CSV reader numpy has, then ks_2samp, PSI,
 * wasserstein_distance). Medians of 3. Also the reading alone, in this process.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCsvColumns } from '../services/drift/input/csv-columns';
import { readParquetColumns } from '../services/drift/input/parquet-columns';

const ROWS = 1_000_000;
const RUNS = 3;
const ROOT = join(__dirname, '..');

/** The peer: the same work in one python3 process; prints the seconds its CSV reading took. */
const NUMPY_SCIPY_PEER = String.raw`
import sys, time
start = time.perf_counter()
import numpy as np
from scipy import stats
reference, current = (np.loadtxt(path, delimiter=",", skiprows=1, ndmin=2) for path in sys.argv[1:3])
read = time.perf_counter() - start
def finite(column):
    return reference[:, column][np.isfinite(reference[:, column])], current[:, column][np.isfinite(current[:, column])]
a, b = finite(0)
stats.ks_2samp(a, b)
a, b = finite(1)
bins = np.histogram_bin_edges(np.concatenate([a, b]), bins="sturges")
rp, cp = np.histogram(a, bins)[0] / len(a), np.histogram(b, bins)[0] / len(b)
for p in (rp, cp):
    m = p[p != 0].min(); np.place(p, p == 0, m / 1e6 if m <= 1e-4 else 1e-4)
np.sum((rp - cp) * np.log(rp / cp))
a, b = finite(2)
stats.wasserstein_distance(a, b) / max(np.std(a), 0.001)
print(read)
`;

function bell(n: number, seed: number, shift: number): Float64Array {
  let state = seed;
  const uniform = () => (state = (state * 48271) % 2147483647) / 2147483647;
  return Float64Array.from({ length: n }, () => shift + uniform() + uniform() + uniform() + uniform() - 2);
}

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
}

/** Median wall seconds of a whole process, and what it printed the last time. */
function timeProcess(command: string, args: string[]): { seconds: number; stdout: string } | undefined {
  const times: number[] = [];
  let stdout = '';
  for (let run = 0; run < RUNS; run++) {
    const start = process.hrtime.bigint();
    const result = spawnSync(command, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26 });
    times.push(Number(process.hrtime.bigint() - start) / 1e9);
    if (result.error || (result.status !== 0 && result.status !== 1)) return undefined;
    stdout = result.stdout;
  }
  return { seconds: median(times), stdout };
}

function timeInProcess(work: () => unknown): number {
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const start = process.hrtime.bigint();
    work();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return median(times);
}

async function writeData(dir: string): Promise<void> {
  const { parquetWriteFile } = await import('hyparquet-writer');
  const names = ['a', 'b', 'c'];
  for (const [side, seed, shift] of [['ref', 1, 0], ['cur', 1000, 0.01]] as const) {
    const columns = names.map((_, index) => bell(ROWS, seed + 7919 * index, shift));
    const lines = [names.join(',')];
    for (let row = 0; row < ROWS; row++) lines.push(`${columns[0][row]},${columns[1][row]},${columns[2][row]}`);
    writeFileSync(join(dir, `${side}.csv`), `${lines.join('\n')}\n`);
    parquetWriteFile({ filename: join(dir, `${side}.parquet`), columnData: names.map((name, index) => ({ name, data: columns[index], type: 'DOUBLE' as const })) });
  }
  writeFileSync(join(dir, 'cols.yaml'), 'columns:\n  a: { stattest: ks }\n  b: { stattest: psi }\n  c: { stattest: wasserstein }\n');
}

function runtime(): string {
  const { isCurrent } = require('../bin/compiled-output') as { isCurrent(): boolean };
  return isCurrent() ? 'compiled JavaScript in dist/' : 'TypeScript through tsx (dist/ absent or stale)';
}

export async function benchCompareProcess(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'plinth-drift-compare-bench-'));
  try {
    await writeData(dir);
    const compare = (ext: string) =>
      timeProcess(process.execPath, ['bin/plinth.js', 'drift', 'compare', '--reference', join(dir, `ref.${ext}`), '--current', join(dir, `cur.${ext}`), '--options', join(dir, 'cols.yaml'), '--output', join(dir, `report-${ext}.json`)]);
    const csv = compare('csv');
    const parquet = compare('parquet');
    const peer = timeProcess('python3', ['-c', NUMPY_SCIPY_PEER, join(dir, 'ref.csv'), join(dir, 'cur.csv')]);
    const versus = (ours: number | undefined) =>
      ours === undefined ? 'failed' : `${ours.toFixed(2)} s (numpy+scipy ${peer ? `${peer.seconds.toFixed(2)} s, ${(peer.seconds / ours).toFixed(2)}x` : 'n/a'})`;
    console.log(`drift compare 1e6x1e6 CSV, whole process (median of ${RUNS}, node bin/plinth.js, ${runtime()}): ${versus(csv?.seconds)}`);
    console.log(`drift compare 1e6x1e6 Parquet, whole process (median of ${RUNS}; peer reads the CSV): ${versus(parquet?.seconds)}`);

    const csvText = () => readFileSync(join(dir, 'ref.csv'), 'utf8');
    const parquetBytes = () => new Uint8Array(readFileSync(join(dir, 'ref.parquet'))).buffer;
    const csvMs = timeInProcess(() => readCsvColumns(csvText(), 'ref.csv', {}));
    const parquetTimes: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const start = process.hrtime.bigint();
      await readParquetColumns(parquetBytes(), 'ref.parquet', {});
      parquetTimes.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    const peerRead = peer ? ` (np.loadtxt of both: ${(Number(peer.stdout) * 1000).toFixed(0)} ms)` : '';
    console.log(`drift read 1e6 rows x 3 columns, in process (median of ${RUNS}): CSV ${csvMs.toFixed(0)} ms, Parquet ${median(parquetTimes).toFixed(0)} ms${peerRead}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

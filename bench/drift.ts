/**
 * Drift statistics benchmark: KS + PSI + Wasserstein on 10^6 vs 10^6 numeric rows, and a 50-column
 * 10^5-row dataset report; then `plinth drift compare` whole-process on CSV and Parquet (drift-compare.ts). Medians of several runs; where python3 with numpy and scipy is present, the
 * same work in scipy runs on the same data in the same job and the ratio is printed (> 1: we are faster).
 *
 *   npx tsx bench/drift.ts
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareDatasets } from '../services/drift/compare';
import { benchCompareProcess } from './drift-compare';
import { prepareSample } from '../services/drift/sample';
import { ksStatTest } from '../services/drift/stattests/ks';
import { psiStatTest } from '../services/drift/stattests/psi';
import { wassersteinStatTest } from '../services/drift/stattests/wasserstein';

const RUNS = 5;
const LARGE = 1_000_000;
const REPORT_ROWS = 100_000;
const REPORT_NUMERIC = 40;
const REPORT_CATEGORICAL = 10;

/** Park–Miller draws shaped like a bell (sum of four uniforms); the data is written out for the scipy peer. */
function bell(n: number, seed: number, shift: number): Float64Array {
  let state = seed;
  const uniform = () => (state = (state * 48271) % 2147483647) / 2147483647;
  return Float64Array.from({ length: n }, () => shift + uniform() + uniform() + uniform() + uniform() - 2);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function timeMedian(work: () => void): number {
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const start = process.hrtime.bigint();
    work();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return median(times);
}

function threeTests(reference: Float64Array, current: Float64Array): void {
  const input = { type: 'numeric' as const, reference: prepareSample(reference).sample, current: prepareSample(current).sample };
  ksStatTest.run(input);
  psiStatTest.run(input);
  wassersteinStatTest.run(input);
}

function reportData(seed: number, shift: number) {
  const columns: Record<string, Float64Array | string[]> = {};
  for (let c = 0; c < REPORT_NUMERIC; c++) columns[`n${c}`] = bell(REPORT_ROWS, seed + c, c % 4 === 0 ? shift : 0);
  for (let c = 0; c < REPORT_CATEGORICAL; c++) {
    columns[`c${c}`] = Array.from(bell(REPORT_ROWS, seed + 100 + c, 0), (v) => `v${Math.floor((v + 2) * 5)}`);
  }
  return columns;
}

/** The same work in numpy/scipy, as Evidently runs it; prints "ks_psi_wasserstein_ms report_ms peak_rss_kb". */
const SCIPY_PEER = String.raw`
import sys, time, resource
import numpy as np
from scipy import stats, spatial
d = sys.argv[1]
def binned(r, c, numeric, fill):
    if numeric and np.unique(r).size > 20:
        bins = np.histogram_bin_edges(np.concatenate([r, c]), bins="sturges")
        rp, cp = np.histogram(r, bins)[0] / len(r), np.histogram(c, bins)[0] / len(c)
    else:
        keys = np.union1d(r, c)
        rp = np.array([np.count_nonzero(r == k) for k in keys]) / len(r)
        cp = np.array([np.count_nonzero(c == k) for k in keys]) / len(c)
    if fill:
        for p in (rp, cp):
            m = p[p != 0].min(); np.place(p, p == 0, m / 1e6 if m <= 1e-4 else 1e-4)
    return rp, cp
def three(a, b):
    a = a[np.isfinite(a)]; b = b[np.isfinite(b)]
    stats.ks_2samp(a, b)
    rp, cp = binned(a, b, True, True); np.sum((rp - cp) * np.log(rp / cp))
    stats.wasserstein_distance(a, b) / max(np.std(a), 0.001)
def median_ms(f, runs):
    t = []
    for _ in range(runs):
        s = time.perf_counter(); f(); t.append((time.perf_counter() - s) * 1000)
    return sorted(t)[len(t) // 2]
a, b = np.fromfile(d + "/a.f64"), np.fromfile(d + "/b.f64")
three_ms = median_ms(lambda: three(a, b), int(sys.argv[2]))
ref = {k: np.fromfile(d + "/ref_" + k) for k in sys.argv[3].split(",")}
cur = {k: np.fromfile(d + "/cur_" + k) for k in sys.argv[3].split(",")}
def report():
    for k in ref:
        r, c = ref[k], cur[k]
        if k.startswith("n"):
            stats.wasserstein_distance(r, c) / max(np.std(r), 0.001)
        else:
            rp, cp = binned(r, c, False, False); spatial.distance.jensenshannon(rp, cp)
report_ms = median_ms(report, int(sys.argv[2]))
print(three_ms, report_ms, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
`;

/** Categorical columns go to the peer as their numeric codes: the same counts, without string handling. */
function runScipyPeer(
  a: Float64Array,
  b: Float64Array,
  reference: Record<string, Float64Array | string[]>,
  current: Record<string, Float64Array | string[]>,
): number[] | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'plinth-drift-bench-'));
  try {
    const write = (name: string, values: Float64Array) => writeFileSync(join(dir, name), values);
    const codes = (values: Float64Array | string[]) => (values instanceof Float64Array ? values : Float64Array.from(values, (v) => Number(v.slice(1))));
    write('a.f64', a);
    write('b.f64', b);
    for (const name of Object.keys(reference)) {
      write(`ref_${name}`, codes(reference[name]));
      write(`cur_${name}`, codes(current[name]));
    }
    const output = execFileSync('python3', ['-c', SCIPY_PEER, dir, String(RUNS), Object.keys(reference).join(',')], { encoding: 'utf8' });
    return output.trim().split(/\s+/).map(Number);
  } catch {
    return undefined;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const a = bell(LARGE, 1, 0);
  const b = bell(LARGE, 2, 0.01);
  const threeMs = timeMedian(() => threeTests(a, b));
  const reference = reportData(10, 0);
  const current = reportData(20, 0.05);
  const reportMs = timeMedian(() => compareDatasets({ columns: reference }, { columns: current }));
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  const peer = runScipyPeer(a, b, reference, current);

  const ratio = (ours: number, theirs: number | undefined) => (theirs === undefined ? 'scipy: n/a' : `scipy ${theirs.toFixed(0)} ms, ${(theirs / ours).toFixed(2)}x`);
  console.log(`drift KS+PSI+Wasserstein 1e6 vs 1e6 rows (median of ${RUNS}): ${threeMs.toFixed(0)} ms; ${ratio(threeMs, peer?.[0])}`);
  console.log(`drift report 50 columns x 1e5 rows (median of ${RUNS}): ${reportMs.toFixed(0)} ms; ${ratio(reportMs, peer?.[1])}`);
  console.log(`drift peak RSS: ${peakRssMb.toFixed(0)} MB${peer ? `; scipy ${(peer[2] / 1024).toFixed(0)} MB` : ''}`);
  await benchCompareProcess();
}

void main();

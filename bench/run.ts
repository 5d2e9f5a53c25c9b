/**
 * `npm run bench`: every benchmark, each in its own process so one's memory does not count against
 * another's. Figures print one per line.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const BENCHMARKS = ['synth.ts', 'cli.ts', 'policy.ts', 'drift.ts', 'tracking.ts', 'feature-read.ts', 'inference.ts', 'gates.ts', 'console.ts'];

let failed = false;
for (const bench of BENCHMARKS) {
  process.stdout.write(`# ${bench}\n`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(__dirname, bench)], { stdio: 'inherit' });
  failed ||= result.status !== 0;
}
process.exitCode = failed ? 1 : 0;

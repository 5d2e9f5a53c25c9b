/**
 * Promotion gates benchmark: `plinth gates evaluate` on a 10^5-row holdout (the committed binary classifier,
 * accuracy, F1, ROC AUC and log loss, one slice), as a whole process the way CI runs it, and the in-process
 * evaluation (reading the CSV, loading the model, running every row, the metrics). The baseline: a direct loop
 * over the same rows, already in memory as one FP32 tensor, through the same inference runtime, 1024 rows per
 * request, one request at a time: the least any evaluation must spend running the model; next to the in-process
 * figure it also loads the model into the runtime (a worker thread and its session) and closes it, as the
 * evaluation must. Medians of 5 runs.
 *
 *   npx tsx bench/gates.ts
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evaluateModels } from '../services/gates/evaluate/evaluate-models';
import { parsePolicy } from '../services/gates/policy/load-policy';
import type { LoadedModel } from '../services/inference/runtime/loaded-model';
import { ModelRuntime } from '../services/inference/runtime/model-runtime';
import { median, printFigure } from './figures';

const RUNS = 5;
const ROWS = 100_000;
const BATCH = 1024;
const MODEL = join(__dirname, '../test/fixtures/models/binary-classifier.onnx');
const PLINTH = join(__dirname, '../bin/plinth.js');
const POLICY = `task: classification
label: label
features: { input: features, columns: [x0, x1, x2, x3] }
metrics:
  accuracy: { min: 0.5 }
  f1: { min: 0.5 }
  roc_auc: { min: 0.5 }
  log_loss: { max: 1 }
slices:
  - { column: region, metric: accuracy, worstMin: 0.4 }
risk: low
`;

/** Park–Miller draws in [-2, 2], so the file is the same on every run. */
function holdout(): { csv: string; features: Float32Array } {
  let state = 7;
  const uniform = () => (state = (state * 48271) % 2147483647) / 2147483647;
  const features = new Float32Array(ROWS * 4);
  const lines = ['x0,x1,x2,x3,label,region'];
  for (let row = 0; row < ROWS; row++) {
    const x = [0, 1, 2, 3].map(() => Number((uniform() * 4 - 2).toFixed(4)));
    features.set(x, row * 4);
    lines.push(`${x.join(',')},${uniform() < 0.5 ? 1 : 0},${['eu', 'us', 'latam'][row % 3]}`);
  }
  return { csv: `${lines.join('\n')}\n`, features };
}

async function timeMedian(work: () => Promise<unknown> | unknown): Promise<number> {
  await work();
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const start = process.hrtime.bigint();
    await work();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return median(times);
}

async function runRows(model: LoadedModel, features: Float32Array): Promise<void> {
  for (let start = 0; start < ROWS; start += BATCH) {
    const count = Math.min(BATCH, ROWS - start);
    await model.infer({ inputs: [{ name: 'features', datatype: 'FP32', shape: [count, 4], data: features.subarray(start * 4, (start + count) * 4) }] });
  }
}

/** The loop alone, on a model loaded once. */
async function directLoop(features: Float32Array): Promise<number> {
  const runtime = new ModelRuntime();
  const model = await runtime.load({ name: 'direct', version: '1' }, MODEL, { maxBatchSize: BATCH });
  try {
    return await timeMedian(() => runRows(model, features));
  } finally {
    await runtime.close();
  }
}

/** Loading the model, the loop, closing the runtime. */
function loadAndLoop(features: Float32Array): Promise<number> {
  return timeMedian(async () => {
    const runtime = new ModelRuntime();
    try {
      await runRows(await runtime.load({ name: 'direct', version: '1' }, MODEL, { maxBatchSize: BATCH }), features);
    } finally {
      await runtime.close();
    }
  });
}

async function main(): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), 'plinth-bench-gates-'));
  try {
    const { csv, features } = holdout();
    const holdoutFile = join(folder, 'holdout.csv');
    const policyFile = join(folder, 'gates.yaml');
    writeFileSync(holdoutFile, csv);
    writeFileSync(policyFile, POLICY);

    const baseline = { baseline: 'direct runtime loop', value: await directLoop(features) };
    const withLoad = { baseline: 'model load + direct runtime loop', value: await loadAndLoop(features) };
    const inProcess = await timeMedian(() => evaluateModels({ policy: parsePolicy(POLICY, 'gates.yaml'), candidate: MODEL, holdout: holdoutFile }));
    const cli = await timeMedian(() => {
      const run = spawnSync(process.execPath, [PLINTH, 'gates', 'evaluate', '--policy', policyFile, '--model', MODEL, '--holdout', holdoutFile], { encoding: 'utf8' });
      if (run.status !== 0 && run.status !== 1) throw new Error(`plinth gates evaluate exited ${run.status}: ${run.stderr}`);
    });
    // The ratio is baseline / value: below 1, the evaluation takes that many times the bare model run.
    printFigure(`gates evaluate, ${ROWS} rows, whole process (npx plinth)`, cli, 'ms', baseline);
    printFigure(`gates evaluate, ${ROWS} rows, in process (read, load, run, metrics)`, inProcess, 'ms', withLoad);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

void main();

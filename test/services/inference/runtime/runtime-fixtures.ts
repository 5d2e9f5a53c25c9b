import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import type { InferenceObserver, ModelVersionRef } from '../../../../services/inference/runtime/inference-request';
import { DATATYPE_INFO, type NamedTensor } from '../../../../services/inference/tensor';

const MODELS = path.join(__dirname, '../../../fixtures/models');

/** The shared fixtures (test/fixtures/models/generate.py) and the runtime's own (runtime/generate.py). */
export const MODEL_FILES = {
  /** features FP32 [N,3] → prediction FP32 [N,1] */
  regressor: path.join(MODELS, 'regressor.onnx'),
  /** city BYTES [N,1] → city_id INT64 [N,1] */
  stringInput: path.join(MODELS, 'string-input.onnx'),
  /** features FP32 [8,4] → scores FP32 [8,2]: no batch dimension */
  fixedBatch: path.join(MODELS, 'fixed-batch.onnx'),
  /** features FP32 [N,4] → label INT64 [N], output_probability seq(map) */
  zipmap: path.join(MODELS, 'multiclass-classifier-zipmap.onnx'),
  /** index INT64 [N,1] → value FP32 [N,1]; an index outside 0..4 fails inside onnxruntime */
  lookup: path.join(MODELS, 'runtime/lookup.onnx'),
  /** x FP32 [N,1], spins INT64 [N,1] → y = x + max(spins), counted in a Loop */
  spin: path.join(MODELS, 'runtime/spin.onnx'),
};

export const ref = (name: string, version = '1'): ModelVersionRef => ({ name, version });

/** A tensor as JSON carries it: int64 elements as decimal strings. */
export interface PlainTensor {
  readonly dims: readonly number[];
  readonly values: readonly (number | string | boolean)[];
}

export function plain(tensor: { readonly shape: readonly number[]; readonly data: NamedTensor['data'] }): PlainTensor {
  return { dims: [...tensor.shape], values: Array.from(tensor.data as ArrayLike<unknown>, (value) => (typeof value === 'bigint' ? value.toString() : (value as number | string))) };
}

// In a plain node process: onnxruntime-node checks arrays with instanceof, and jest's sandbox has its
// own Float32Array and BigInt64Array, so a session run inside jest fails on them. (The runtime's model
// threads are plain node, so they are not affected.)
const DIRECT_RUN = `
  const { InferenceSession, Tensor } = require('onnxruntime-node');
  const ARRAYS = { float32: Float32Array, int64: BigInt64Array, string: Array };
  (async () => {
    const { file, inputs } = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
    const session = await InferenceSession.create(file);
    const feeds = {};
    for (const input of inputs) {
      const values = input.type === 'int64' ? input.values.map(BigInt) : input.values;
      feeds[input.name] = new Tensor(input.type, ARRAYS[input.type].from(values), input.dims);
    }
    const results = await session.run(feeds);
    const out = {};
    for (const [name, tensor] of Object.entries(results)) {
      out[name] = { dims: tensor.dims, values: Array.from(tensor.data, (v) => (typeof v === 'bigint' ? v.toString() : v)) };
    }
    process.stdout.write(JSON.stringify(out));
  })();`;

/** What onnxruntime gives for these inputs run directly, without the runtime, with default session options. */
export function directRun(file: string, inputs: readonly NamedTensor[]): Record<string, PlainTensor> {
  const request = { file, inputs: inputs.map((input) => ({ name: input.name, type: DATATYPE_INFO[input.datatype].ort, ...plain(input) })) };
  const output = execFileSync(process.execPath, ['-e', DIRECT_RUN], { input: JSON.stringify(request), encoding: 'utf8', cwd: path.join(__dirname, '../../../..') });
  return JSON.parse(output) as Record<string, PlainTensor>;
}

export const features = (rows: number[][]): NamedTensor => ({ name: 'features', datatype: 'FP32', shape: [rows.length, 3], data: Float32Array.from(rows.flat()) });

export const spinInputs = (x: number, spins: number): NamedTensor[] => [
  { name: 'x', datatype: 'FP32', shape: [1, 1], data: new Float32Array([x]) },
  { name: 'spins', datatype: 'INT64', shape: [1, 1], data: new BigInt64Array([BigInt(spins)]) },
];

/** Counts what the observer hears, as the server's metrics would. */
export function countingObserver() {
  const counts = { executions: 0, executedRows: [] as number[], instances: new Set<number>(), succeeded: 0, inferences: 0, failed: 0 };
  const observer: InferenceObserver = {
    batchExecuted: (_model, rows, instance) => {
      counts.executions += 1;
      counts.executedRows.push(rows);
      counts.instances.add(instance);
    },
    requestSucceeded: (_model, result) => {
      counts.succeeded += 1;
      counts.inferences += result.batchSize;
    },
    requestFailed: () => {
      counts.failed += 1;
    },
  };
  return { counts, observer };
}

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { NamedTensor } from '../../../services/inference/tensor';
import { parsePolicy } from '../../../services/gates/policy/load-policy';
import type { GatePolicy } from '../../../services/gates/policy/policy-schema';
import { directRun, type PlainTensor } from '../inference/runtime/runtime-fixtures';

const HERE = path.join(__dirname, 'fixtures/evaluation');
const MODELS = path.join(__dirname, '../../fixtures/models');

/** The models and holdouts of the evaluation tests (fixtures/evaluation/generate_evaluation_fixtures.py). */
export const FILES = {
  /** features FP32 [N,4] → label INT64 [N], probabilities FP32 [N,2]: accuracy 0.8875 on the classifier holdout */
  classifier: path.join(MODELS, 'binary-classifier.onnx'),
  /** the same graph with weaker, partly sign-flipped coefficients: accuracy 0.7083 on the classifier holdout */
  worseClassifier: path.join(HERE, 'worse-classifier.onnx'),
  /** features FP32 [N,3] → prediction FP32 [N,1] = 0.5 x0 − 1.25 x1 + 2 x2 + 0.25 */
  regressor: path.join(MODELS, 'regressor.onnx'),
  /** city BYTES [N,1] → city_id INT64 [N,1]: one input per column, by name */
  stringInput: path.join(MODELS, 'string-input.onnx'),
  /** x0..x3, label (0/1), region (eu, us, latam): 240 rows */
  classifierHoldout: path.join(HERE, 'classifier-holdout.csv'),
  /** x0..x2, y, segment (a, b): 120 rows */
  regressorHoldout: path.join(HERE, 'regressor-holdout.csv'),
};

export function temporaryFolder(): string {
  return mkdtempSync(path.join(tmpdir(), 'plinth-gates-'));
}

/** Writes a file into `folder` and returns its path. */
export function writeFile(folder: string, name: string, text: string): string {
  const file = path.join(folder, name);
  writeFileSync(file, text);
  return file;
}

export function policy(yaml: string): GatePolicy {
  return parsePolicy(yaml, 'policy.yaml');
}

/** A CSV fixture as rows of cells, header first. */
export function readCsv(file: string): string[][] {
  return readFileSync(file, 'utf8').trim().split('\n').map((line) => line.split(','));
}

/** A copy of a CSV with one cell changed (row 0 is the header). */
export function withCell(file: string, folder: string, row: number, column: string, value: string): string {
  const rows = readCsv(file);
  rows[row]![rows[0]!.indexOf(column)] = value;
  return writeFile(folder, `edited-${row}-${column}.csv`, `${rows.map((cells) => cells.join(',')).join('\n')}\n`);
}

/** The holdout's columns as numbers, for running a model directly. */
export function numericColumns(file: string, columns: readonly string[]): number[][] {
  const [header, ...rows] = readCsv(file);
  return rows.map((cells) => columns.map((column) => Number(cells[header!.indexOf(column)])));
}

/** onnxruntime run directly in a plain node process, on the holdout's rows: the reference for the evaluator. */
export function runDirectly(model: string, rows: number[][]): Record<string, PlainTensor> {
  const features: NamedTensor = { name: 'features', datatype: 'FP32', shape: [rows.length, rows[0]!.length], data: Float32Array.from(rows.flat()) };
  return directRun(model, [features]);
}

/** The classifier policy of the tests, with the sections given replacing its defaults. */
export const CLASSIFIER_POLICY = `
task: classification
label: label
positiveLabel: 1
features:
  input: features
  columns: [x0, x1, x2, x3]
risk: medium
`;

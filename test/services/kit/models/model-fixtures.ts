import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ModelError } from '../../../../services/kit/models/model-error';

/** The committed models of test/fixtures/models (made by its generate.py). */
export const MODEL_FIXTURES = join(__dirname, '../../../fixtures/models');

/** Models that pass the gates' checks and that onnxruntime loads. */
export const SERVABLE_MODELS = ['binary-classifier', 'multiclass-classifier', 'multiclass-classifier-zipmap', 'regressor', 'fixed-batch', 'string-input'] as const;

export function fixturePath(name: string): string {
  return join(MODEL_FIXTURES, `${name}.onnx`);
}

export function fixtureBytes(name: string): Buffer {
  return readFileSync(fixturePath(name));
}

/** The ModelError that `run` throws; fails the test when it throws nothing or something else. */
export function refusal(run: () => unknown): ModelError {
  try {
    run();
  } catch (error) {
    if (error instanceof ModelError) return error;
    throw error;
  }
  throw new Error('expected a ModelError');
}

/** refusal() for a promise. */
export async function refusalOf(run: () => Promise<unknown>): Promise<ModelError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof ModelError) return error;
    throw error;
  }
  throw new Error('expected a ModelError');
}

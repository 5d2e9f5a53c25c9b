import { ServiceError } from '../../kit/server/errors';
import { elementCount, type NamedTensor } from '../tensor';
import type { InferenceRequest } from './inference-request';
import { describeSpec, type ModelSignature, type TensorSpec } from './model-signature';

/** A request that fits its model: inputs in the model's order, its batch size and what it can be batched with. */
export interface CheckedRequest {
  readonly inputs: readonly NamedTensor[];
  readonly outputs: readonly string[];
  /** Rows: the first dimension when the model batches, otherwise 1. */
  readonly batchSize: number;
  /** Requests with equal keys have equal shapes beyond the batch dimension, so they can share a batch. */
  readonly shapeKey: string;
}

function shapeProblem(input: NamedTensor, spec: TensorSpec, maxBatchSize: number): string | undefined {
  const shape = input.shape;
  if (!shape.every((dim) => Number.isSafeInteger(dim) && dim >= 0)) return `input '${input.name}' has shape [${shape.join(',')}]: dimensions must be non-negative integers`;
  const elements = elementCount(shape);
  if (input.data.length !== elements) return `input '${input.name}' has shape [${shape.join(',')}] (${elements} elements) but ${input.data.length} data elements`;
  const expected = spec.shape;
  const batchNote = maxBatchSize > 0 ? `; the first dimension is the batch, 1 to ${maxBatchSize}` : '';
  if (expected !== undefined) {
    if (shape.length !== expected.length) return `input '${input.name}' has rank ${shape.length} ([${shape.join(',')}]); the model takes rank ${expected.length}: [${expected.join(',')}] (-1: any size${batchNote})`;
    const at = expected.findIndex((dim, index) => dim >= 0 && dim !== shape[index]);
    if (at >= 0) return `input '${input.name}' has ${shape[at]} at dimension ${at} ([${shape.join(',')}]); the model takes [${expected.join(',')}] (-1: any size${batchNote})`;
  }
  if (maxBatchSize > 0) {
    if (shape.length === 0) return `input '${input.name}' is a scalar; the model batches, so every input starts with a batch dimension (1 to ${maxBatchSize})`;
    if (shape[0]! < 1 || shape[0]! > maxBatchSize) return `input '${input.name}' has a batch of ${shape[0]}; the model takes batches of 1 to ${maxBatchSize} (max_batch_size)`;
  }
  return undefined;
}

function inputProblems(request: InferenceRequest, signature: ModelSignature): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  const known = signature.inputs.map((spec) => `${spec.name} (${describeSpec(spec)})`).join(', ');
  for (const input of request.inputs) {
    const spec = signature.inputs.find((candidate) => candidate.name === input.name);
    if (seen.has(input.name)) problems.push(`input '${input.name}' appears more than once`);
    seen.add(input.name);
    if (spec === undefined) {
      problems.push(`unknown input '${input.name}'; the model's inputs are ${known}`);
    } else if (input.datatype !== spec.datatype) {
      problems.push(`input '${input.name}' is ${input.datatype}; the model takes ${spec.datatype}`);
    } else {
      const problem = shapeProblem(input, spec, signature.maxBatchSize);
      if (problem !== undefined) problems.push(problem);
    }
  }
  for (const spec of signature.inputs) if (!seen.has(spec.name)) problems.push(`missing input '${spec.name}' (${describeSpec(spec)})`);
  if (problems.length === 0 && signature.maxBatchSize > 0) {
    const batches = new Set(request.inputs.map((input) => input.shape[0]));
    if (batches.size > 1) problems.push(`the inputs disagree on the batch size (first dimension): ${request.inputs.map((input) => `${input.name} has ${input.shape[0]}`).join(', ')}`);
  }
  return problems;
}

function outputProblems(requested: readonly string[], signature: ModelSignature): string[] {
  return requested.flatMap((name) => {
    if (signature.outputs.some((spec) => spec.name === name)) return [];
    if (signature.unservedOutputs.includes(name)) return [`output '${name}' is a sequence or map, which no v2 datatype carries; request the model's tensor outputs only`];
    return [`unknown output '${name}'; the model's outputs are ${signature.outputs.map((spec) => spec.name).join(', ')}`];
  });
}

/**
 * Checks a request against its model before it queues: names, datatypes, shapes and batch size, every
 * problem at once. Throws ServiceError 'invalid' naming the model, each input and what it takes.
 */
export function checkRequest(label: string, signature: ModelSignature, request: InferenceRequest): CheckedRequest {
  const requested = request.outputs ? [...new Set(request.outputs)] : signature.outputs.map((spec) => spec.name);
  const problems = [...inputProblems(request, signature), ...outputProblems(requested, signature)];
  if (problems.length > 0) throw new ServiceError('invalid', `${label}: ${problems.join('; ')}`);
  const inputs = signature.inputs.map((spec) => request.inputs.find((input) => input.name === spec.name)!);
  const batching = signature.maxBatchSize > 0;
  return {
    inputs,
    outputs: requested,
    batchSize: batching ? (inputs[0]?.shape[0] ?? 1) : 1,
    shapeKey: batching ? inputs.map((input) => input.shape.slice(1).join('x')).join('|') : '',
  };
}

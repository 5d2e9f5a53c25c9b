import type { V2Datatype } from '../tensor';
import type { RuntimeModelConfig, RuntimeTensorConfig } from './model-config';
import type { SessionSignature } from './model-instance';
import type { WireValueInfo } from './model-wire';
import { v2DatatypeOf } from './ort-datatype';

/** An input or output as requests must send and will receive it. */
export interface TensorSpec {
  readonly name: string;
  readonly datatype: V2Datatype;
  /** The full shape, batch dimension first when the model batches; -1 for any size; undefined when the model leaves the rank open. */
  readonly shape: readonly number[] | undefined;
}

/** What a loaded model version accepts and returns. */
export interface ModelSignature {
  /** 0: no batch dimension; above 0, the largest batch a request or an execution may hold. */
  readonly maxBatchSize: number;
  readonly inputs: readonly TensorSpec[];
  readonly outputs: readonly TensorSpec[];
  /** Outputs the model has but cannot serve: sequences and maps (a ZipMap's probabilities). */
  readonly unservedOutputs: readonly string[];
}

/** `FP32 [-1,3]`, for messages. */
export function describeSpec(spec: TensorSpec): string {
  return `${spec.datatype} ${spec.shape === undefined ? '(any shape)' : `[${spec.shape.join(',')}]`}`;
}

function sessionShape(value: WireValueInfo): number[] | undefined {
  // onnxruntime reports an open shape as []: indistinguishable from a scalar, so neither is checked.
  return value.shape.length === 0 ? undefined : value.shape.map((dim) => (typeof dim === 'number' && dim >= 0 ? dim : -1));
}

/** The config's shape laid over the model's: a size fixed by either wins; fixed sizes that differ are a problem. */
function mergeShape(kind: string, model: readonly number[] | undefined, config: RuntimeTensorConfig, maxBatchSize: number, problems: string[]): readonly number[] | undefined {
  const declared = maxBatchSize > 0 ? [-1, ...config.dims] : [...config.dims];
  if (model === undefined) return declared;
  const conflict = declared.length !== model.length || declared.some((dim, at) => dim >= 0 && model[at]! >= 0 && dim !== model[at]);
  if (conflict) {
    const batchNote = maxBatchSize > 0 ? ` (with the batch dimension first: [${declared.join(',')}])` : '';
    problems.push(`config ${kind} '${config.name}' has dims [${config.dims.join(',')}]${batchNote} but the model's is [${model.join(',')}]`);
    return model;
  }
  return declared.map((dim, at) => (dim >= 0 ? dim : model[at]!));
}

function specs(kind: 'input' | 'output', values: readonly WireValueInfo[], declared: readonly RuntimeTensorConfig[] | undefined, maxBatchSize: number, problems: string[]) {
  const served: TensorSpec[] = [];
  const unserved: string[] = [];
  for (const value of values) {
    const datatype = value.isTensor ? v2DatatypeOf(value.type ?? '') : undefined;
    if (datatype === undefined) {
      const what = value.isTensor ? `a tensor of ${value.type}` : 'a sequence or map';
      if (kind === 'input') problems.push(`the model's input '${value.name}' is ${what}, which no v2 datatype carries`);
      else unserved.push(value.name);
      continue;
    }
    const shape = sessionShape(value);
    if (maxBatchSize > 0 && shape !== undefined && shape[0] !== -1) {
      problems.push(
        `max_batch_size ${maxBatchSize} needs a variable first dimension in every input and output, but the model's ${kind} '${value.name}' is [${shape.join(',')}]; ` +
          'set max_batch_size: 0 and send full shapes',
      );
    }
    served.push({ name: value.name, datatype, shape });
  }
  for (const config of declared ?? []) {
    const at = served.findIndex((spec) => spec.name === config.name);
    const spec = served[at];
    if (spec === undefined) {
      const reason = unserved.includes(config.name) ? 'a sequence or map, which no v2 datatype carries' : `not one of the model's; its ${kind}s are: ${values.map((v) => v.name).join(', ')}`;
      problems.push(`config ${kind} '${config.name}' is ${reason}`);
      continue;
    }
    if (config.datatype !== undefined && config.datatype !== spec.datatype) {
      problems.push(`config ${kind} '${config.name}' is ${config.datatype} but the model's is ${spec.datatype}`);
    }
    served[at] = { ...spec, shape: mergeShape(kind, spec.shape, config, maxBatchSize, problems) };
  }
  return { served, unserved };
}

/**
 * What requests to a model version must look like: the session's own inputs and outputs, narrowed by
 * the config. Throws one Error listing every way the two disagree.
 */
export function modelSignature(session: SessionSignature, config: RuntimeModelConfig): ModelSignature {
  const maxBatchSize = config.maxBatchSize ?? 0;
  const problems: string[] = [];
  const inputs = specs('input', session.inputs, config.input, maxBatchSize, problems);
  const outputs = specs('output', session.outputs, config.output, maxBatchSize, problems);
  if (outputs.served.length === 0) problems.push('the model has no tensor output to serve');
  if (problems.length > 0) throw new Error(problems.join('; '));
  return { maxBatchSize, inputs: inputs.served, outputs: outputs.served, unservedOutputs: outputs.unserved };
}

import { didYouMean } from '../../../core/config/problems';
import { UserFacingError } from '../../../core/exit-codes';
import type { OnnxValueInfo } from '../../kit/models/inspect-onnx-model';
import type { GatePolicy } from '../policy/policy-schema';

/** The outputs a classifier's metrics read: the predicted label, the class probabilities, or both. */
export interface ClassifierOutputs {
  readonly task: 'classification';
  readonly label?: string;
  readonly probabilities?: string;
  /** The label output's values are strings (a STRING tensor), not integers. */
  readonly textLabels: boolean;
}

export interface RegressorOutputs {
  readonly task: 'regression';
  readonly prediction: string;
}

export type ModelOutputs = ClassifierOutputs | RegressorOutputs;

const LABEL_TYPES = ['int64', 'int32', 'string'];
const SCORE_TYPES = ['float', 'double'];

const rank = (output: OnnxValueInfo) => (output.type.kind === 'tensor' ? output.type.dims?.length : undefined);
const elementType = (output: OnnxValueInfo) => (output.type.kind === 'tensor' ? output.type.elementType : undefined);
/** [N] or [N, 1]: one value per row. */
const oneValuePerRow = (output: OnnxValueInfo) => {
  const dims = output.type.kind === 'tensor' ? output.type.dims : undefined;
  return dims !== undefined && (dims.length === 1 || (dims.length === 2 && dims[1] === 1));
};

/**
 * Which of the model's outputs hold the predictions, by the policy's `outputs` or by their types: a
 * classifier's integer or string [N] output is its label and its float [N, classes] output its
 * probabilities; a regressor's one float [N] or [N, 1] output its prediction. A ZipMap probability output
 * (a sequence of maps) is refused with how to export without it.
 */
export function findModelOutputs(policy: GatePolicy, outputs: readonly OnnxValueInfo[], modelLabel: string, needsProbabilities: boolean): ModelOutputs {
  const describe = outputs.map((output) => `${output.name} (${output.typeName}${output.type.kind === 'tensor' && output.type.dims ? ` [${output.type.dims.join(', ')}]` : ''})`).join(', ');
  const refuse = (problem: string) => new UserFacingError(`${modelLabel}: ${problem}; the model's outputs are ${describe}`);
  const named = (name: string | undefined, key: string) => {
    if (name === undefined) return undefined;
    const output = outputs.find((candidate) => candidate.name === name);
    if (output === undefined) {
      const guess = didYouMean(name, outputs.map((candidate) => candidate.name));
      throw refuse(`outputs.${key} "${name}" is not an output of the model${guess ? ` (did you mean "${guess}"?)` : ''}`);
    }
    return output;
  };
  const only = (matches: OnnxValueInfo[], what: string, key: string) => {
    if (matches.length > 1) throw refuse(`${matches.length} outputs could be the ${what} (${matches.map((m) => m.name).join(', ')}); name one in the policy's outputs.${key}`);
    return matches[0];
  };

  if (policy.task === 'regression') {
    const prediction =
      named(policy.outputs?.prediction, 'prediction') ??
      only(outputs.filter((output) => SCORE_TYPES.includes(elementType(output) ?? '') && oneValuePerRow(output)), 'prediction', 'prediction');
    if (prediction === undefined) throw refuse('no float output of shape [N] or [N, 1] to read predictions from');
    if (!SCORE_TYPES.includes(elementType(prediction) ?? '') || !oneValuePerRow(prediction)) throw refuse(`output '${prediction.name}' is not a float [N] or [N, 1] tensor`);
    return { task: 'regression', prediction: prediction.name };
  }

  const label =
    named(policy.outputs?.label, 'label') ?? only(outputs.filter((output) => LABEL_TYPES.includes(elementType(output) ?? '') && oneValuePerRow(output)), 'label', 'label');
  const probabilities =
    named(policy.outputs?.probabilities, 'probabilities') ??
    only(outputs.filter((output) => SCORE_TYPES.includes(elementType(output) ?? '') && rank(output) === 2 && !oneValuePerRow(output)), 'probabilities', 'probabilities');
  if (label !== undefined && (!LABEL_TYPES.includes(elementType(label) ?? '') || !oneValuePerRow(label))) {
    throw refuse(`output '${label.name}' is not an integer or string [N] tensor of labels`);
  }
  if (probabilities !== undefined && (!SCORE_TYPES.includes(elementType(probabilities) ?? '') || rank(probabilities) !== 2)) {
    throw refuse(`output '${probabilities.name}' is not a float [N, classes] tensor of probabilities`);
  }
  const zipMap = outputs.find((output) => output.type.kind === 'sequence');
  if (probabilities === undefined && needsProbabilities) {
    const why = zipMap
      ? `its probabilities come as '${zipMap.name}', a ZipMap (${zipMap.typeName}) that the runtime cannot return: export the classifier without it (skl2onnx: options={id(model): {"zipmap": False}})`
      : 'no float [N, classes] output holds class probabilities';
    throw refuse(`the policy asks for roc_auc or log_loss, but ${why}`);
  }
  if (label === undefined && probabilities === undefined) throw refuse('no label output (integer or string [N]) and no probability output (float [N, classes])');
  return { task: 'classification', label: label?.name, probabilities: probabilities?.name, textLabels: label !== undefined && elementType(label) === 'string' };
}

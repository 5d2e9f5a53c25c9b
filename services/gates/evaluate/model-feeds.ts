import { didYouMean } from '../../../core/config/problems';
import { UserFacingError } from '../../../core/exit-codes';
import type { OnnxValueInfo } from '../../kit/models/inspect-onnx-model';
import type { FeatureType, RawValues } from '../../drift/sample';
import type { NamedTensor, TensorData, V2Datatype } from '../../inference/tensor';
import type { GatePolicy } from '../policy/policy-schema';
import { type Holdout, type HoldoutColumn, holdoutValueError, isMissing } from './holdout';

/** Element types a holdout column can feed, with the tensor each becomes. */
const FEEDABLE: Readonly<Record<string, { datatype: V2Datatype; text: boolean }>> = {
  float: { datatype: 'FP32', text: false },
  double: { datatype: 'FP64', text: false },
  int64: { datatype: 'INT64', text: false },
  int32: { datatype: 'INT32', text: false },
  string: { datatype: 'BYTES', text: true },
};

/** One model input and the holdout columns that fill it, in order. */
interface InputFeed {
  readonly name: string;
  readonly datatype: V2Datatype;
  readonly columns: readonly string[];
  /** [N, k] for a matrix input, [N] or [N, 1] for a one-column input. */
  readonly rank: number;
}

/**
 * How the holdout's columns become the model's inputs, checked against the model before anything runs:
 * either one input of shape [N, k] fed by `features.columns` in order (`features.input`), or one input per
 * column, of the column's name, shaped [N] or [N, 1].
 */
export class FeedPlan {
  private constructor(private readonly feeds: readonly InputFeed[]) {}

  /** Matches the policy's features to the model's inputs; bad input names the input, the column and what the model takes. */
  static forModel(features: GatePolicy['features'], inputs: readonly OnnxValueInfo[], modelLabel: string): FeedPlan {
    const describe = inputs.map((input) => `${input.name} (${input.typeName}${dimsText(input)})`).join(', ');
    const refuse = (problem: string) => new UserFacingError(`${modelLabel}: ${problem}; the model's inputs are ${describe}`);
    if (features.input !== undefined) {
      const input = inputs.find((candidate) => candidate.name === features.input);
      if (input === undefined) {
        const guess = didYouMean(features.input, inputs.map((candidate) => candidate.name));
        throw refuse(`features.input "${features.input}" is not an input of the model${guess ? ` (did you mean "${guess}"?)` : ''}`);
      }
      const others = inputs.filter((candidate) => candidate !== input);
      if (others.length > 0) throw refuse(`features.input feeds '${input.name}' only, but the model also needs ${others.map((other) => `'${other.name}'`).join(', ')}; list one column per input instead (no features.input)`);
      const feed = feedOf(input, features.columns, refuse);
      const width = input.type.kind === 'tensor' ? input.type.dims?.[1] : undefined;
      if (feed.rank !== 2) throw refuse(`features.input '${input.name}' must be [N, ${features.columns.length}] to take ${features.columns.length} columns`);
      if (typeof width === 'number' && width >= 0 && width !== features.columns.length) {
        throw refuse(`input '${input.name}' takes ${width} columns per row but features.columns lists ${features.columns.length}`);
      }
      return new FeedPlan([feed]);
    }
    const unfed = inputs.filter((input) => !features.columns.includes(input.name));
    const strays = features.columns.filter((column) => !inputs.some((input) => input.name === column));
    if (strays.length > 0 || unfed.length > 0) {
      const parts = [
        ...strays.map((column) => {
          const guess = didYouMean(column, inputs.map((input) => input.name));
          return `features.columns lists "${column}", which is not an input of the model${guess ? ` (did you mean "${guess}"?)` : ''}`;
        }),
        ...unfed.map((input) => `model input '${input.name}' has no column in features.columns`),
      ];
      throw refuse(`${parts.join('; ')} (without features.input, each column feeds the input of its name; with it, one [N, k] input takes every column)`);
    }
    return new FeedPlan(
      inputs.map((input) => {
        const feed = feedOf(input, [input.name], refuse);
        if (feed.rank === 2 && input.type.kind === 'tensor' && typeof input.type.dims?.[1] === 'number' && input.type.dims[1] !== 1 && input.type.dims[1] >= 0) {
          throw refuse(`input '${input.name}' is [N, ${input.type.dims[1]}]: one column feeds an input of shape [N] or [N, 1]; name a matrix input in features.input`);
        }
        return feed;
      }),
    );
  }

  /** The holdout columns the feeds read, with the type each must be read as. */
  columns(): HoldoutColumn[] {
    return this.feeds.flatMap((feed) =>
      feed.columns.map((column, index): HoldoutColumn => ({
        name: column,
        role: feed.columns.length > 1 ? `features.columns[${index}], feeding column ${index} of model input '${feed.name}'` : `a feature, feeding model input '${feed.name}'`,
        type: (feed.datatype === 'BYTES' ? 'categorical' : 'numeric') satisfies FeatureType,
      })),
    );
  }

  /** Refuses a holdout with a missing feature value or a fraction for an integer input, naming the column and row. */
  check(holdout: Holdout): void {
    for (const feed of this.feeds) {
      for (const column of feed.columns) {
        const values = holdout.columns.get(column)!;
        const integer = feed.datatype === 'INT64' || feed.datatype === 'INT32';
        for (let row = 0; row < values.length; row++) {
          if (isMissing(values, row)) {
            throw holdoutValueError(holdout, column, row, `missing value (empty, NaN or infinite); model input '${feed.name}' takes ${feed.datatype} values in every row: fill or drop the row`);
          }
          if (integer && !Number.isSafeInteger(values[row] as number)) {
            throw holdoutValueError(holdout, column, row, `${values[row]} is not a whole number; model input '${feed.name}' is ${feed.datatype}`);
          }
        }
      }
    }
  }

  /** The model's inputs for `count` rows from `start`, wrapping around the holdout's end (latency batches larger than the holdout). */
  tensors(holdout: Holdout, start: number, count: number): NamedTensor[] {
    return this.feeds.map((feed) => {
      const width = feed.columns.length;
      const data = allocate(feed.datatype, count * width);
      feed.columns.forEach((column, offset) => {
        const values = holdout.columns.get(column)!;
        for (let k = 0; k < count; k++) {
          const row = (start + k) % holdout.rows;
          write(data, k * width + offset, values, row);
        }
      });
      const shape = feed.rank === 2 ? [count, width] : [count];
      return { name: feed.name, datatype: feed.datatype, shape, data };
    });
  }
}

function feedOf(input: OnnxValueInfo, columns: readonly string[], refuse: (problem: string) => Error): InputFeed {
  const type = input.type;
  const feedable = type.kind === 'tensor' ? FEEDABLE[type.elementType] : undefined;
  if (type.kind !== 'tensor' || feedable === undefined) {
    throw refuse(`input '${input.name}' is ${input.typeName}; a holdout column feeds float, double, int32, int64 or string tensors`);
  }
  const rank = type.dims?.length ?? 2;
  if (rank !== 1 && rank !== 2) throw refuse(`input '${input.name}' has rank ${rank}; a holdout feeds [N] or [N, columns] inputs`);
  return { name: input.name, datatype: feedable.datatype, columns, rank };
}

function dimsText(input: OnnxValueInfo): string {
  return input.type.kind === 'tensor' && input.type.dims ? ` [${input.type.dims.join(', ')}]` : '';
}

function allocate(datatype: V2Datatype, length: number): TensorData {
  switch (datatype) {
    case 'FP32':
      return new Float32Array(length);
    case 'FP64':
      return new Float64Array(length);
    case 'INT64':
      return new BigInt64Array(length);
    case 'INT32':
      return new Int32Array(length);
    default:
      return new Array<string>(length);
  }
}

function write(data: TensorData, at: number, values: RawValues, row: number): void {
  const value = values[row]!;
  if (data instanceof BigInt64Array) data[at] = BigInt(value as number);
  else if (Array.isArray(data)) data[at] = String(value);
  else (data as Float32Array)[at] = value as number;
}

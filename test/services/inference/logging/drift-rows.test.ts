import fc from 'fast-check';
import { DriftMappingError, driftRows } from '../../../../services/inference/logging/drift-rows';
import { floatToHalfBits } from '../../../../services/inference/protocol/float16';
import { elementCount, type NamedTensor, V2_DATATYPES } from '../../../../services/inference/tensor';
import { tensorData } from '../protocol/support/tensor-arbitraries';

const features: NamedTensor = { name: 'features', datatype: 'FP32', shape: [2, 3], data: Float32Array.from([1, 2, 3, 4, 5, 6]) };
const label: NamedTensor = { name: 'label', datatype: 'INT64', shape: [2, 1], data: BigInt64Array.from([1n, 0n]) };
const probabilities: NamedTensor = { name: 'probabilities', datatype: 'FP32', shape: [2, 2], data: Float32Array.from([0.25, 0.75, 0.5, 0.5]) };
const none = new Set<string>();

describe('drift rows from a request: one per batch row, with the prediction column', () => {
  it('names an [N, k] tensor t_0 … t_{k-1} and takes the first output as the prediction', () => {
    expect(driftRows({ inputs: [features], outputs: [label, probabilities], drop: none })).toEqual([
      { features_0: 1, features_1: 2, features_2: 3, probabilities_0: 0.25, probabilities_1: 0.75, prediction: 1 },
      { features_0: 4, features_1: 5, features_2: 6, probabilities_0: 0.5, probabilities_1: 0.5, prediction: 0 },
    ]);
  });

  it('takes names from the mapping, and a score output as the prediction by its largest score (the first on ties)', () => {
    const rows = driftRows({
      inputs: [features],
      outputs: [label, probabilities],
      columns: { inputs: { features: ['age', 'tenure', 'spend'] }, outputs: { label: ['label'] }, prediction: 'probabilities' },
      drop: none,
    });
    expect(rows).toEqual([
      { age: 1, tenure: 2, spend: 3, label: 1, prediction: 1 },
      { age: 4, tenure: 5, spend: 6, label: 0, prediction: 0 },
    ]);
  });

  it('never builds a dropped column, nor any column of a dropped tensor', () => {
    const rows = driftRows({ inputs: [features], outputs: [label, probabilities], drop: new Set(['features_1', 'probabilities']) });
    expect(rows[0]).toEqual({ features_0: 1, features_2: 3, prediction: 1 });
  });

  it('gives a rank-1 tensor one column named after it, strings as labels, halves as numbers', () => {
    const city: NamedTensor = { name: 'city', datatype: 'BYTES', shape: [2], data: ['Lyon', 'Oslo'] };
    const score: NamedTensor = { name: 'score', datatype: 'FP16', shape: [2], data: Uint16Array.from([floatToHalfBits(0.5), floatToHalfBits(-2)]) };
    expect(driftRows({ inputs: [city], outputs: [score], drop: none })).toEqual([
      { city: 'Lyon', prediction: 0.5 },
      { city: 'Oslo', prediction: -2 },
    ]);
  });

  it.each([
    ['names that do not fit the tensor', { inputs: { features: ['a', 'b'] } }, /inputs\.features: 2 column names for 3 values per row \(shape \[2, 3\]\)/],
    ['a tensor the model does not have', { outputs: { score: ['s'] } }, /outputs\.score: the model has no such output \(its outputs: label, probabilities\)/],
    ['a prediction output the model does not have', { prediction: 'score' }, /prediction: the model has no output 'score'/],
    ['two tensors giving one column', { inputs: { features: ['x', 'y', 'probabilities_0'] } }, /two tensors give the column 'probabilities_0'/],
  ])('refuses %s, saying which tensor and what would fit', (_what, columns, message) => {
    expect(() => driftRows({ inputs: [features], outputs: [label, probabilities], columns, drop: none })).toThrow(DriftMappingError);
    expect(() => driftRows({ inputs: [features], outputs: [label, probabilities], columns, drop: none })).toThrow(message);
  });

  it('for any datatype and shape: as many rows as the first dimension, the same columns in each, and JSON the drift service reads', () => {
    const tensor = (name: string, rows: number) =>
      fc
        .tuple(fc.constantFrom(...V2_DATATYPES), fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 2 }))
        .chain(([datatype, inner]) => tensorData(datatype, elementCount([rows, ...inner])).map((data): NamedTensor => ({ name, datatype, shape: [rows, ...inner], data })));
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 4 }).chain((rows) => fc.tuple(fc.constant(rows), tensor('x', rows), tensor('y', rows), tensor('out', rows))),
        ([rows, x, y, out]) => {
          let result;
          try {
            result = driftRows({ inputs: [x, y], outputs: [out], drop: none });
          } catch (error) {
            expect(out.shape.slice(1).reduce((count, dim) => count * dim, 1) === 0 || out.datatype === 'BYTES').toBe(true);
            // Only a prediction output with no value, or several labels, per row is unusable, and it is named.
            expect(error).toBeInstanceOf(DriftMappingError);
            return;
          }
          expect(result).toHaveLength(rows);
          const keys = result.map((row) => Object.keys(row).sort().join(','));
          expect(new Set(keys).size).toBeLessThanOrEqual(1);
          const parsed = JSON.parse(JSON.stringify(result)) as Record<string, unknown>[];
          for (const row of parsed) for (const cell of Object.values(row)) expect(cell === null || typeof cell === 'number' || typeof cell === 'string').toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});

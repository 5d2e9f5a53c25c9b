import fc from 'fast-check';
import { ServiceError } from '../../../../services/kit/server/errors';
import type { InferenceResult } from '../../../../services/inference/runtime/inference-request';
import { ModelRuntime } from '../../../../services/inference/runtime/model-runtime';
import { type NamedTensor, type TensorData, V2_DATATYPES, type V2Datatype } from '../../../../services/inference/tensor';
import { features, MODEL_FILES, ref } from './runtime-fixtures';

const runtime = new ModelRuntime();
beforeAll(async () => {
  await Promise.all([
    runtime.load(ref('regressor'), MODEL_FILES.regressor, { maxBatchSize: 8, dynamicBatching: { maxQueueDelayMicroseconds: 500 } }),
    runtime.load(ref('cities'), MODEL_FILES.stringInput, { maxBatchSize: 8, dynamicBatching: { maxQueueDelayMicroseconds: 500 } }),
    runtime.load(ref('lookup'), MODEL_FILES.lookup, { maxBatchSize: 8, dynamicBatching: { maxQueueDelayMicroseconds: 500 }, instanceCount: 2 }),
  ]);
});
afterAll(() => runtime.close());

const INT64 = { min: -(2n ** 63n), max: 2n ** 63n - 1n };

/** Elements of any datatype, any count: the shape they claim is drawn separately. */
function data(datatype: V2Datatype, length: number): fc.Arbitrary<TensorData> {
  const numbers = fc.array(fc.double(), { minLength: length, maxLength: length });
  const integers = fc.array(fc.integer({ min: -200, max: 300 }), { minLength: length, maxLength: length });
  switch (datatype) {
    case 'BYTES':
      return fc.array(fc.string({ unit: 'binary' }), { minLength: length, maxLength: length });
    case 'INT64':
    case 'UINT64':
      return fc.array(fc.bigInt(INT64), { minLength: length, maxLength: length }).map((values) => (datatype === 'INT64' ? BigInt64Array.from(values) : BigUint64Array.from(values.map((value) => BigInt.asUintN(64, value)))));
    case 'FP32':
      return numbers.map((values) => Float32Array.from(values));
    case 'FP64':
      return numbers.map((values) => Float64Array.from(values));
    case 'INT32':
      return integers.map((values) => Int32Array.from(values));
    default:
      return integers.map((values) => Uint8Array.from(values));
  }
}

const tensor: fc.Arbitrary<NamedTensor> = fc
  .record({
    name: fc.constantFrom('features', 'city', 'index', 'feature', '', '\u0000', '\ud800'),
    datatype: fc.constantFrom(...V2_DATATYPES),
    shape: fc.array(fc.integer({ min: -2, max: 9 }), { maxLength: 3 }),
    length: fc.nat({ max: 12 }),
  })
  .chain(({ name, datatype, shape, length }) => data(datatype, length).map((values) => ({ name, datatype, shape, data: values })));

/** Anything at all, mostly refused before it queues. */
const anyRequest = fc.record({
  model: fc.constantFrom('regressor', 'cities', 'lookup'),
  inputs: fc.array(tensor, { maxLength: 3 }),
  outputs: fc.option(fc.array(fc.constantFrom('prediction', 'city_id', 'value', 'nope')), { nil: undefined }),
});
/** Well-formed for the model, with data the model may fail on: any int64 index, any string. */
const wellFormed = fc.oneof(
  fc.array(fc.bigInt(INT64), { minLength: 1, maxLength: 8 }).map((values) => ({
    model: 'lookup',
    inputs: [{ name: 'index', datatype: 'INT64' as const, shape: [values.length, 1], data: BigInt64Array.from(values) }],
    outputs: undefined,
  })),
  fc.array(fc.string({ unit: 'binary' }), { minLength: 1, maxLength: 8 }).map((values) => ({
    model: 'cities',
    inputs: [{ name: 'city', datatype: 'BYTES' as const, shape: [values.length, 1], data: values }],
    outputs: undefined,
  })),
);

describe('random requests', () => {
  it('each gets outputs or a refusal naming the problem (never an internal error), and every model keeps serving', async () => {
    let served = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(anyRequest, wellFormed), { minLength: 1, maxLength: 6 }), async (requests) => {
        // Sent together, so that well-formed ones share batches with each other.
        const outcomes = await Promise.all(
          requests.map(({ model, inputs, outputs }) =>
            runtime.infer(ref(model), { inputs, outputs }).then(
              (result) => result,
              (error: unknown) => error,
            ),
          ),
        );
        outcomes.forEach((outcome, at) => {
          if (!(outcome instanceof Error)) return void (served += 1);
          expect(outcome).toBeInstanceOf(ServiceError);
          expect((outcome as ServiceError).kind).toBe('invalid');
          expect(outcome.message).toMatch(new RegExp(`^model '${requests[at]!.model}' version '1'`));
        });
      }),
      { numRuns: 100 },
    );
    expect(served).toBeGreaterThan(0);
    const [regressor, lookup] = await Promise.all([
      runtime.infer(ref('regressor'), { inputs: [features([[1, 2, 3]])] }),
      runtime.infer(ref('lookup'), { inputs: [{ name: 'index', datatype: 'INT64', shape: [1, 1], data: new BigInt64Array([3n]) }] }),
    ]);
    expect(regressor.outputs[0]!.shape).toEqual([1, 1]);
    expect(Array.from(lookup.outputs[0]!.data as Float32Array)).toEqual([40]);
  });

  it('a burst of good and failing requests together: each failing one alone is refused', async () => {
    const values = Array.from({ length: 40 }, (_, at) => (at % 7 === 3 ? BigInt(1000 + at) : BigInt(at % 5)));
    const outcomes = await Promise.allSettled(values.map((value) => runtime.infer(ref('lookup'), { inputs: [{ name: 'index', datatype: 'INT64', shape: [1, 1], data: new BigInt64Array([value]) }] })));
    outcomes.forEach((outcome, at) => {
      if (values[at]! >= 1000n) {
        expect(outcome.status).toBe('rejected');
        expect(((outcome as PromiseRejectedResult).reason as ServiceError).kind).toBe('invalid');
      } else {
        expect(outcome.status).toBe('fulfilled');
        expect(Array.from((outcome as PromiseFulfilledResult<InferenceResult>).value.outputs[0]!.data as Float32Array)).toEqual([10 * (at % 5) + 10]);
      }
    });
  });
});

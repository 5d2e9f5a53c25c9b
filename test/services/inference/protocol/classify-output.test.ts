import { ServiceError } from '../../../../services/kit/server/errors';
import { classifyOutput } from '../../../../services/inference/protocol/classify-output';
import { fixedSixDecimals } from '../../../../services/inference/protocol/fixed-six-decimals';

describe('classifyOutput (Triton classification extension)', () => {
  it("answers the extension document's example as Triton's code writes it (std::to_string: six decimals)", () => {
    const output = { name: 'output0', datatype: 'FP32' as const, shape: [4], data: Float32Array.of(1.1, 3.3, 0.5, 2.4) };
    expect(classifyOutput(output, 2, { batched: false })).toEqual({ name: 'output0', datatype: 'BYTES', shape: [2], data: ['3.300000:1', '2.400000:3'] });
  });

  it('ranks each batch item on its own, with labels, keeping at most the elements an item has', () => {
    const output = { name: 'scores', datatype: 'INT32' as const, shape: [2, 3], data: Int32Array.of(5, 9, 1, -4, -2, -8) };
    expect(classifyOutput(output, 5, { batched: true, labels: ['cat', 'dog', 'owl'] })).toEqual({
      name: 'scores',
      datatype: 'BYTES',
      shape: [2, 3],
      data: ['9:1:dog', '5:0:cat', '1:2:owl', '-2:1:dog', '-4:0:cat', '-8:2:owl'],
    });
  });

  it('keeps index order among ties, ranks NaN last and writes 64-bit values exactly', () => {
    expect(classifyOutput({ name: 'y', datatype: 'FP64', shape: [4], data: Float64Array.of(NaN, 2, 7, 2) }, 4, { batched: false }).data).toEqual([
      '7.000000:2',
      '2.000000:1',
      '2.000000:3',
      'nan:0',
    ]);
    expect(classifyOutput({ name: 'y', datatype: 'UINT64', shape: [2], data: BigUint64Array.of(1n, 2n ** 64n - 1n) }, 1, { batched: false }).data).toEqual(['18446744073709551615:1']);
  });

  it('refuses the datatypes Triton refuses', () => {
    expect(() => classifyOutput({ name: 'h', datatype: 'FP16', shape: [2], data: new Uint16Array(2) }, 1, { batched: false })).toThrow(
      new ServiceError('invalid', 'output "h": classification is not available for FP16 outputs; it ranks integer, FP32 and FP64 outputs'),
    );
  });

  it("writes values as C's printf %f does (values from Python's '%f' % x), exact ties to even", () => {
    const python: Array<[number, string]> = [
      [0.0078125, '0.007812'],
      [Math.fround(3.3), '3.300000'],
      [1e22, '10000000000000000000000.000000'],
      [-0, '-0.000000'],
      [123456.0000005, '123456.000001'],
      [2 ** -20, '0.000001'],
      [5e-7, '0.000000'],
      [2.5e-6, '0.000003'],
      [-2.5, '-2.500000'],
      [Infinity, 'inf'],
    ];
    expect(python.map(([value]) => fixedSixDecimals(value))).toEqual(python.map(([, text]) => text));
  });
});

import { concatenateData, ownedData, splitRows } from '../../../../services/inference/runtime/tensor-batching';

describe('tensor batching', () => {
  it('concatenates rows into a new array of the same kind, leaving the parts untouched', () => {
    const first = new Float32Array([1, 2, 3]);
    const second = new Float32Array([4, 5, 6]);
    const joined = concatenateData([first, second]);
    expect(joined).toEqual(new Float32Array([1, 2, 3, 4, 5, 6]));
    expect(joined).toBeInstanceOf(Float32Array);
    expect((joined as Float32Array).buffer).not.toBe(first.buffer);
    expect(concatenateData([new BigInt64Array([1n]), new BigInt64Array([-2n, 3n])])).toEqual(new BigInt64Array([1n, -2n, 3n]));
    expect(concatenateData([['a'], ['b', '\u0000c']])).toEqual(['a', 'b', '\u0000c']);
  });

  it('copies a single part too, so the caller keeps an array the batch can transfer away', () => {
    const only = new Int32Array([7, 8]);
    const joined = concatenateData([only]);
    expect(joined).toEqual(only);
    expect(joined).not.toBe(only);
  });

  it('splits an output back by each request\'s rows, in order', () => {
    const output = { datatype: 'FP32' as const, shape: [3, 2], data: new Float32Array([1, 2, 3, 4, 5, 6]) };
    expect(splitRows(output, [1, 2])).toEqual([
      { datatype: 'FP32', shape: [1, 2], data: new Float32Array([1, 2]) },
      { datatype: 'FP32', shape: [2, 2], data: new Float32Array([3, 4, 5, 6]) },
    ]);
    expect(splitRows({ datatype: 'BYTES', shape: [2], data: ['x', 'y'] }, [1, 1]).map((part) => part.data)).toEqual([['x'], ['y']]);
  });

  it('refuses to split an output without the batch\'s leading dimension', () => {
    expect(() => splitRows({ datatype: 'FP32', shape: [], data: new Float32Array([1]) }, [1, 1])).toThrow(/no leading batch dimension of the batch's 2 rows/);
    expect(() => splitRows({ datatype: 'FP32', shape: [3], data: new Float32Array(3) }, [1, 1])).toThrow(/\[3\]/);
  });

  it('copies a view out of a larger buffer before it can be transferred', () => {
    const pooled = new Uint8Array(16);
    const view = new Float32Array(pooled.buffer, 4, 2);
    const owned = ownedData(view) as Float32Array;
    expect(owned.buffer.byteLength).toBe(8);
    const whole = new Float32Array(2);
    expect(ownedData(whole)).toBe(whole);
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { floatToHalfBits, halfBitsToFloat } from '../../../../services/inference/protocol/float16';

/** Doubles and the half bits numpy rounds them to, from fixtures/float16-from-numpy.py. */
const numpy = JSON.parse(readFileSync(join(__dirname, 'fixtures/float16-from-numpy.json'), 'utf8')) as { cases: Array<[number, number]> };

describe('float16', () => {
  it('rounds doubles to the same half as numpy, midpoints and subnormals included', () => {
    expect(numpy.cases.length).toBeGreaterThan(2000);
    const wrong = numpy.cases.filter(([value, bits]) => floatToHalfBits(value) !== bits).map(([value, bits]) => ({ value, numpy: bits, ours: floatToHalfBits(value) }));
    expect(wrong).toEqual([]);
  });

  it('reads every one of the 65536 halves back to the same bits', () => {
    const wrong: number[] = [];
    for (let bits = 0; bits < 0x10000; bits += 1) {
      const value = halfBitsToFloat(bits);
      const back = floatToHalfBits(value);
      // Every NaN reads back as the one quiet NaN.
      if (Number.isNaN(value) ? back !== 0x7e00 : back !== bits) wrong.push(bits);
    }
    expect(wrong).toEqual([]);
  });

  it('rounds ties to even, overflows to infinity from 65520 and keeps the sign of zero', () => {
    expect(floatToHalfBits(1 + 2 ** -11)).toBe(0x3c00); // halfway between 1 and the next half: even is 1
    expect(floatToHalfBits(1 + 3 * 2 ** -11)).toBe(0x3c02); // halfway between odd 0x3c01 and 0x3c02: even is 0x3c02
    expect(floatToHalfBits(65519.99)).toBe(0x7bff);
    expect(floatToHalfBits(65520)).toBe(0x7c00);
    expect(floatToHalfBits(-Infinity)).toBe(0xfc00);
    expect(floatToHalfBits(-0)).toBe(0x8000);
    expect(floatToHalfBits(2 ** -25)).toBe(0); // halfway to the smallest subnormal: even is zero
    expect(floatToHalfBits(2 ** -24 - 2 ** -40)).toBe(1);
    expect(halfBitsToFloat(0x7bff)).toBe(65504);
    expect(halfBitsToFloat(0x0001)).toBe(2 ** -24);
    expect(halfBitsToFloat(0xfc00)).toBe(-Infinity);
  });

  const f16round = (Math as unknown as { f16round?: (value: number) => number }).f16round;
  (f16round === undefined ? it.skip : it)('agrees with Math.f16round where the runtime has it (Node 24)', () => {
    if (f16round === undefined) return;
    for (const [value] of numpy.cases) expect(halfBitsToFloat(floatToHalfBits(value))).toBe(f16round(value));
  });
});

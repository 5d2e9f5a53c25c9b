import fc from 'fast-check';
import { parseNumberSpan, parseNumberText } from '../../../../services/drift/input/cell-text';

/** Text that looks like a number, as writers print them: shortest round trip, 17 digits, exponents, signs. */
const numberText = fc.oneof(
  fc.double().map(String),
  fc.double().map((value) => value.toPrecision(17)),
  fc.double({ min: -1e6, max: 1e6, noNaN: true }).map((value) => value.toFixed(6)),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((value) => value.toExponential()),
  fc
    .tuple(fc.constantFrom('', '+', '-'), fc.stringMatching(/^\d{0,20}$/), fc.constantFrom('', '.'), fc.stringMatching(/^\d{0,20}$/), fc.stringMatching(/^([eE][+-]?\d{0,4})?$/))
    .map((parts) => parts.join('')),
);

describe('parseNumberSpan: the same value as parseNumberText of the cell', () => {
  it.each(['', ' ', '1', '-0', '+.5', '1.', '.', '1e', '1e+', '1e-400', '1e400', '0.1', '9007199254740993', '9007199254740992.5', '123456789012345678901234567890', ' 7 ', 'NA', 'inf', '-Infinity', '1,5', '0x10', '1_0', '١'])(
    '%j',
    (cell) => {
      expect(parseNumberSpan(`,${cell},`, 1, cell.length + 1)).toBe(parseNumberText(cell));
    },
  );

  it('on number-like text and on any text', () => {
    fc.assert(
      fc.property(fc.oneof(numberText, fc.string(), fc.string({ unit: 'binary' })), fc.string({ maxLength: 3 }), (cell, around) => {
        expect(Object.is(parseNumberSpan(`${around}${cell}${around}`, around.length, around.length + cell.length), parseNumberText(cell))).toBe(true);
      }),
      { numRuns: 5_000 },
    );
  });
});

/** The decimal text of the exact midpoint between a positive double and the next one up, to `digits` significant digits. */
function nearMidpoint(value: number, digits: number): string {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  const raw = view.getBigUint64(0);
  const exponent = Number(raw >> 52n);
  const mantissa = (raw & ((1n << 52n) - 1n)) | (exponent === 0 ? 0n : 1n << 52n);
  // value = mantissa × 2^power; the midpoint is (2·mantissa + 1) × 2^(power − 1) = numerator / 2^shift or × 2^−shift.
  const power = Math.max(exponent, 1) - 1075;
  const numerator = 2n * mantissa + 1n;
  const shift = 1 - power;
  const [integer, decimals] = shift > 0 ? [numerator * 5n ** BigInt(shift), shift] : [numerator << BigInt(-shift), 0];
  const text = integer.toString();
  const kept = text.slice(0, digits);
  return `0.${kept}e${text.length - decimals}`;
}

describe('parseNumberSpan near the midpoint between two doubles, where rounding is hardest', () => {
  it('rounds as Number does', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-3, max: 1e20, noNaN: true }), fc.integer({ min: 16, max: 19 }), (value, digits) => {
        const cell = nearMidpoint(value, digits);
        expect(parseNumberSpan(cell, 0, cell.length)).toBe(Number(cell));
      }),
      { numRuns: 5_000 },
    );
  });
});

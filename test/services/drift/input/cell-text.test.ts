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
  it.each(['', ' ', '1', '-0', '0x10', '0o7', '0b1', '0', '0.', '+Infinity', 'Infinity ', '1 ', '-', '+', '1e5 x', '+.5', '1.', '.', '1e', '1e+', '1e-400', '1e400', '0.1', '9007199254740993', '9007199254740992.5', '123456789012345678901234567890', ' 7 ', 'NA', 'inf', '-Infinity', '1,5', '1_0', '١'])(
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


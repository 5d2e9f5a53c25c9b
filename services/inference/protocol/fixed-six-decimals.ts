/**
 * `value` with six decimals, as C's printf("%f") (and so std::to_string, which Triton's classification
 * strings use) writes it: the exact binary value rounded half to even, "nan", "inf" and "-inf" for the rest.
 * Number.prototype.toFixed differs on exact ties (it rounds them up: 0.0078125 gives 0.007813, printf 0.007812)
 * and switches to exponents from 1e21, so the rounding is done exactly with bigints.
 */
export function fixedSixDecimals(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  const negative = value < 0 || Object.is(value, -0);
  const { mantissa, exponent } = decompose(Math.abs(value));
  // |value| × 10^6 = mantissa × 10^6 × 2^exponent, rounded to an integer half to even.
  let millionths: bigint;
  if (exponent >= 0) {
    millionths = mantissa * 1_000_000n << BigInt(exponent);
  } else {
    const denominator = 1n << BigInt(-exponent);
    const numerator = mantissa * 1_000_000n;
    millionths = numerator / denominator;
    const twiceRemainder = (numerator % denominator) * 2n;
    if (twiceRemainder > denominator || (twiceRemainder === denominator && millionths % 2n === 1n)) millionths += 1n;
  }
  const digits = millionths.toString().padStart(7, '0');
  return `${negative ? '-' : ''}${digits.slice(0, -6)}.${digits.slice(-6)}`;
}

/** A finite non-negative double as an integer mantissa and a power of two. */
function decompose(magnitude: number): { mantissa: bigint; exponent: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, magnitude);
  const bits = view.getBigUint64(0);
  const biased = Number(bits >> 52n);
  const fraction = bits & ((1n << 52n) - 1n);
  return biased === 0 ? { mantissa: fraction, exponent: -1074 } : { mantissa: fraction | (1n << 52n), exponent: biased - 1075 };
}

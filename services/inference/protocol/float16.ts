/*
 * IEEE 754 half precision (binary16) conversions. Node 20 has neither Math.f16round nor Float16Array and no
 * installed dependency converts, so this is written by hand. A double is rounded to half directly (never
 * through float32, whose own rounding would round twice and be wrong for values near a half's midpoint).
 */

const TWO_POW_24 = 2 ** 24;
/** Halfway between the largest half (65504) and 2^16: from here on, round-to-nearest-even gives infinity. */
const OVERFLOW_THRESHOLD = 65520;
const SMALLEST_NORMAL = 2 ** -14;

/** `value` rounded to an integer, ties to even, as IEEE rounding does. */
function roundHalfToEven(value: number): number {
  const floor = Math.floor(value);
  const fraction = value - floor;
  if (fraction > 0.5) return floor + 1;
  if (fraction < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/** The 16 bits of the half nearest to `value` (ties to even); NaN becomes the quiet NaN 0x7e00. */
export function floatToHalfBits(value: number): number {
  if (Number.isNaN(value)) return 0x7e00;
  const sign = value < 0 || Object.is(value, -0) ? 0x8000 : 0;
  const magnitude = Math.abs(value);
  if (magnitude >= OVERFLOW_THRESHOLD) return sign | 0x7c00;
  if (magnitude < SMALLEST_NORMAL) {
    // Subnormal halves are multiples of 2^-24; rounding up to 1024 of them yields the smallest normal, whose bits are 0x0400.
    return sign | roundHalfToEven(magnitude * TWO_POW_24);
  }
  let exponent = Math.floor(Math.log2(magnitude));
  // Math.log2 may be off by one near powers of two; the powers themselves are exact.
  if (2 ** exponent > magnitude) exponent -= 1;
  else if (2 ** (exponent + 1) <= magnitude) exponent += 1;
  let mantissa = roundHalfToEven((magnitude / 2 ** exponent - 1) * 1024);
  if (mantissa === 1024) {
    mantissa = 0;
    exponent += 1;
  }
  return sign | ((exponent + 15) << 10) | mantissa;
}

/** The value of a half given by its 16 bits. */
export function halfBitsToFloat(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const mantissa = bits & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 0x1f) return mantissa === 0 ? sign * Infinity : NaN;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}

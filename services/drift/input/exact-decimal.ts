/**
 * Decimal to double without making a string, for the digits a CSV writer prints (Python's repr and
 * JavaScript's shortest round trip give 17 significant digits for half of all doubles, more than a double
 * holds exactly). The decimal's integer is held exactly as a double-double (hi + lo), scaled by an exact
 * power of ten in double-double arithmetic (error below 2^-100 of the value), and rounded; when the result
 * lies too close to the midpoint between two doubles to be sure of the rounding, the caller falls back to
 * `Number`. Dekker's error-free products and Knuth's sums, as in Shewchuk's robust predicates.
 */

/** Powers of ten that are exact doubles. */
const EXACT_POWERS_OF_TEN = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));
export const MAX_EXACT_POWER = EXACT_POWERS_OF_TEN.length - 1;
/** Integers below 2^53 are exact doubles. */
const EXACT_INTEGER_LIMIT = 2 ** 53;
/** 2^27 + 1, Veltkamp's splitter: a double into two halves of 26 bits whose products are exact. */
const SPLITTER = 134217729;
/** Relative bound (generous) on the double-double error of `scaleExactly`. */
const ERROR_BOUND = 2 ** -95;

const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);
const HIGH_WORD = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

/**
 * The double nearest to `(head × 10^tailDigits + tail) × 10^scale` for a `head` below 10^15, a `tail` of
 * `tailDigits` ≤ 4 digits and |scale| ≤ 22; undefined when too close to a midpoint to decide.
 */
export function scaleExactly(head: number, tail: number, tailDigits: number, scale: number): number | undefined {
  let hi = head;
  let lo = 0;
  if (tailDigits > 0) {
    const [product, productError] = twoProduct(head, EXACT_POWERS_OF_TEN[tailDigits]);
    const sum = product + tail;
    const sumError = tail - (sum - product);
    hi = sum + (sumError + productError);
    lo = sumError + productError - (hi - sum);
  }
  if (lo === 0 && hi < EXACT_INTEGER_LIMIT) {
    // Clinger's fast path: one correctly rounded operation on exact doubles.
    return scale >= 0 ? hi * EXACT_POWERS_OF_TEN[scale] : hi / EXACT_POWERS_OF_TEN[-scale];
  }
  let high: number;
  let low: number;
  if (scale >= 0) {
    const power = EXACT_POWERS_OF_TEN[scale];
    const [product, productError] = twoProduct(hi, power);
    const rest = productError + lo * power;
    high = product + rest;
    low = rest - (high - product);
  } else {
    const power = EXACT_POWERS_OF_TEN[-scale];
    const quotient = hi / power;
    const [product, productError] = twoProduct(quotient, power);
    const remainder = hi - product - productError + lo;
    const correction = remainder / power;
    high = quotient + correction;
    low = correction - (high - quotient);
  }
  return Math.abs(low) + Math.abs(high) * ERROR_BOUND < halfUlpBelow(high) ? high : undefined;
}

function twoProduct(a: number, b: number): [number, number] {
  const product = a * b;
  const aBig = SPLITTER * a;
  const aHigh = aBig - (aBig - a);
  const aLow = a - aHigh;
  const bBig = SPLITTER * b;
  const bHigh = bBig - (bBig - b);
  const bLow = b - bHigh;
  return [product, aLow * bLow - (product - aHigh * bHigh - aLow * bHigh - aHigh * bLow)];
}

/** Half the gap between a positive normal double and the next smaller one. */
function halfUlpBelow(value: number): number {
  bits[0] = value;
  const exponent = (words[HIGH_WORD] >>> 20) & 0x7ff;
  const powerOfTwo = (words[HIGH_WORD] & 0xfffff) === 0 && words[1 - HIGH_WORD] === 0;
  return 2 ** (exponent - 1075 - (powerOfTwo ? 2 : 1));
}

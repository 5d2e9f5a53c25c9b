/**
 * Binary rescaling for long products that would otherwise overflow or underflow a double, as scipy's
 * `_ksstats.py` does it: keep the mantissa near 1 by factors of 2^128 and count the exponent aside.
 */
export const SCALE_EXPONENT = 128;
export const SCALE_UP = 2 ** SCALE_EXPONENT;
export const SCALE_DOWN = 2 ** -SCALE_EXPONENT;

/** x · 2^exponent (C `ldexp`), in steps so that a large exponent does not overflow 2^exponent itself. */
export function ldexp(x: number, exponent: number): number {
  const step = 1000;
  let result = x;
  let remaining = exponent;
  while (remaining > step) {
    result *= 2 ** step;
    remaining -= step;
  }
  while (remaining < -step) {
    result *= 2 ** -step;
    remaining += step;
  }
  return result * 2 ** remaining;
}

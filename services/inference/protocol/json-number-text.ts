/*
 * Numbers as Triton's JSON writer (rapidjson, with its NaN-and-Infinity flag) prints them, so that clients
 * comparing text, or parsing with a strict schema, see what Triton sends: floating-point values always with a
 * fraction or an exponent (1.0, 1e21, -0.0), NaN, Infinity and -Infinity as bare words (Python's json module,
 * which Triton's Python client uses, reads them), and integers, 64-bit ones included, as their exact digits.
 * The digits are the shortest that read back to the same double, as JavaScript prints them; rapidjson's Grisu2
 * agrees except in rare cases where it prints a longer, equally exact form.
 */

/** A floating-point value (FP16, FP32 widened, FP64) as Triton prints it. */
export function floatText(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const text = String(value);
  if (Number.isInteger(value) && Math.abs(value) < 1e21) return `${text}.0`;
  const exponent = text.indexOf('e+');
  return exponent < 0 ? text : `${text.slice(0, exponent)}e${text.slice(exponent + 2)}`;
}

/** A parameter's number: an integer as its digits, any other value as floatText. */
export function parameterNumberText(value: number | bigint): string {
  if (typeof value === 'bigint' || Number.isSafeInteger(value)) return value.toString();
  return floatText(value);
}

import fc from 'fast-check';

/** JSON text written as it is: numbers JSON.stringify cannot write (`1e400`, `NaN`), or deep nesting. */
export class RawJson {
  constructor(readonly text: string) {}
}

export type JsonLike = RawJson | string | number | boolean | null | readonly JsonLike[] | { readonly [key: string]: JsonLike };

/** Strings that have broken services: NUL, lone surrogates, number-like text, quotes, paths, long runs. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('\u0000', 'a\u0000b', '\ud800', 'x\udfff', '\udc00\ud800', 'NaN', 'Infinity', '-Infinity', '1e400', "'", '"', "a' AND 1=1", '%00', '../..', '', ' ', 'a'.repeat(300), 'é☃😀'),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.string({ maxLength: 10 }),
);

/** Numbers at and past the edges, some only writable as raw JSON text. */
export const hostileNumber: fc.Arbitrary<JsonLike> = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, -1, 2 ** 31, 2 ** 53, -(2 ** 63)),
  fc.constantFrom('1e400', '-1e400', '99999999999999999999', '1e-400', '-0', 'NaN', 'Infinity').map((text) => new RawJson(text)),
);

/** Nested far past any handler's expectations, as raw text (JSON.parse handles any depth). */
export const deepNesting: fc.Arbitrary<JsonLike> = fc.constantFrom(
  new RawJson(`${'['.repeat(5000)}${']'.repeat(5000)}`),
  new RawJson(`${'{"a":'.repeat(2000)}1${'}'.repeat(2000)}`),
);

/** Any JSON-ish value built from hostile pieces, with `extraStrings` (real ids, names) mixed in. */
export function hostileValue(extraStrings: readonly string[]): fc.Arbitrary<JsonLike> {
  const strings = extraStrings.length === 0 ? hostileString : fc.oneof(hostileString, fc.constantFrom(...extraStrings));
  const { value } = fc.letrec<{ value: JsonLike }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      strings,
      hostileNumber,
      fc.boolean(),
      fc.constant(null),
      deepNesting,
      fc.array(tie('value'), { maxLength: 4 }),
      fc.dictionary(fc.oneof(strings, fc.constantFrom('key', 'value', 'name', 'rows')), tie('value'), { maxKeys: 4 }),
    ),
  }));
  return value;
}

/** JSON text for `value`, raw pieces written as they are (lone surrogates as `\udxxx` escapes). */
export function toJsonText(value: JsonLike): string {
  if (value instanceof RawJson) return value.text;
  if (Array.isArray(value)) return `[${value.map(toJsonText).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    return `{${Object.entries(value as Record<string, JsonLike>)
      .map(([key, child]) => `${JSON.stringify(key)}:${toJsonText(child)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** A URL path segment or query value: percent-encoded, or raw escapes no encoder would write. */
export function hostileUrlText(extraStrings: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    (extraStrings.length === 0 ? hostileString : fc.oneof(hostileString, fc.constantFrom(...extraStrings))).map(encodeLeniently),
    fc.constantFrom('%00', '%ED%A0%80', '%zz', '%', '%2e%2e', '..', '%2F..%2F..', 'x'.repeat(1500), encodeURIComponent('модель.txt')),
  );
}

/** encodeURIComponent, except that a lone surrogate (which it refuses) becomes its raw UTF-8-like bytes. */
function encodeLeniently(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return [...text].map((character) => (/[\ud800-\udfff]/.test(character) ? '%ED%A0%80' : encodeURIComponent(character))).join('');
  }
}

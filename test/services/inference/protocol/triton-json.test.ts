import fc from 'fast-check';
import { ServiceError } from '../../../../services/kit/server/errors';
import { parseTritonJson } from '../../../../services/inference/protocol/triton-json';

function refusal(text: string): string {
  try {
    parseTritonJson(text);
  } catch (error) {
    expect(error).toBeInstanceOf(ServiceError);
    return (error as ServiceError).message;
  }
  throw new Error('parsed');
}

/** `value` with bigints as the numbers nearest them, which is what JSON.parse gives for the same text. */
function asJsonParseWould(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map(asJsonParseWould);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([key, member]) => [key, asJsonParseWould(member)]));
  return value;
}

describe("parseTritonJson (Triton's JSON dialect)", () => {
  it('reads what JSON.parse reads, the same way (integers beyond 2^53 exactly, as bigints)', () => {
    fc.assert(
      fc.property(fc.json(), (text) => {
        expect(asJsonParseWould(parseTritonJson(text))).toEqual(JSON.parse(text));
      }),
      { numRuns: 500 },
    );
    expect(parseTritonJson(' {"a\\u00e9\\n":["\\ud83d\\ude00", -0.5e-3, 0, true, null, {}]} ')).toEqual({ 'aé\n': ['😀', -0.0005, 0, true, null, {}] });
  });

  it("reads rapidjson's NaN and infinities, and integers beyond 2^53 as bigints", () => {
    expect(parseTritonJson('[NaN,-NaN,Infinity,-Infinity,Inf,-Inf]')).toEqual([NaN, NaN, Infinity, -Infinity, Infinity, -Infinity]);
    expect(parseTritonJson('[9007199254740991,9007199254740992,-18446744073709551615,12345678901234567890.0]')).toEqual([
      9007199254740991,
      9007199254740992n,
      -18446744073709551615n,
      12345678901234567000,
    ]);
  });

  it('says where text is malformed', () => {
    expect(refusal('[1,]')).toBe('the request is not valid JSON at character 3: expected a JSON value');
    expect(refusal('[01]')).toBe("the request is not valid JSON at character 2: expected ',' or ']'");
    expect(refusal('{"a" 1}')).toBe("the request is not valid JSON at character 5: expected ':' after a key");
    expect(refusal('"a\u0001"')).toBe('the request is not valid JSON at character 2: control character in a string (escape it)');
    expect(refusal('"\\x"')).toBe('the request is not valid JSON at character 0: invalid escape in a string');
    expect(refusal('"abc')).toBe('the request is not valid JSON at character 0: unterminated string');
    expect(refusal('[Infinit]')).toBe("the request is not valid JSON at character 4: expected ',' or ']'");
    expect(refusal('1.')).toBe("the request is not valid JSON at character 2: expected a digit after '.'");
    expect(refusal(`${'['.repeat(101)}${']'.repeat(101)}`)).toBe('the request is not valid JSON at character 100: JSON nested deeper than 100 levels');
  });
});

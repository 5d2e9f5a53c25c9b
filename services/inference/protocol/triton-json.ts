import { invalid } from './invalid';

/*
 * Triton reads request JSON with rapidjson's NaN-and-Infinity extension (Python's json.dumps, which Triton's
 * Python client uses, writes NaN and Infinity that way) and reads 64-bit integers exactly. JSON.parse does
 * neither, and Node 20's JSON.parse cannot show a number's source text, so this parser handles those
 * requests: ones JSON.parse refuses, and ones holding integers beyond 2^53 that an INT64 or UINT64 input needs
 * exactly. It is the slow path; plain requests never reach it.
 */

/** Nesting deeper than any v2 request needs (a tensor's rank is capped at 64); the limit keeps recursion off the stack's end. */
const MAX_DEPTH = 100;
/** Integer literals this short are exact as numbers (2^53 has 16 digits). */
const SAFE_DIGITS = 15;

/**
 * Parses `text` as Triton reads JSON: integers beyond 2^53 in magnitude become bigints, and NaN, Infinity, Inf,
 * -Infinity and -Inf are numbers. Objects have no prototype, so a "__proto__" key is an ordinary key.
 */
export function parseTritonJson(text: string): unknown {
  const parser = new TritonJsonParser(text);
  const value = parser.value(0);
  parser.end();
  return value;
}

/**
 * The request JSON: JSON.parse when it can, this module's parser when the text uses Triton's NaN or Infinity,
 * or when `exactIntegers` asks for integers beyond 2^53 without rounding.
 */
export function parseRequestJson(text: string, exactIntegers: boolean): unknown {
  if (!exactIntegers) {
    try {
      return JSON.parse(text);
    } catch {
      // Maybe Triton's NaN or Infinity; the parser below either reads it or says where the text is malformed.
    }
  }
  return parseTritonJson(text);
}

class TritonJsonParser {
  private position = 0;

  constructor(private readonly text: string) {}

  value(depth: number): unknown {
    this.skipSpace();
    const char = this.text[this.position];
    switch (char) {
      case '{':
        return this.object(depth);
      case '[':
        return this.array(depth);
      case '"':
        return this.string();
      case 't':
        return this.literal('true', true);
      case 'f':
        return this.literal('false', false);
      case 'n':
        return this.literal('null', null);
      default:
        return this.number();
    }
  }

  end(): void {
    this.skipSpace();
    if (this.position < this.text.length) this.fail('unexpected text after the JSON value');
  }

  private object(depth: number): Record<string, unknown> {
    const result = Object.create(null) as Record<string, unknown>;
    if (this.open(depth, '}')) return result;
    for (;;) {
      this.skipSpace();
      if (this.text[this.position] !== '"') this.fail('expected a quoted key');
      const key = this.string();
      this.skipSpace();
      if (this.text[this.position] !== ':') this.fail("expected ':' after a key");
      this.position += 1;
      result[key] = this.value(depth + 1);
      if (this.separator('}')) return result;
    }
  }

  private array(depth: number): unknown[] {
    const result: unknown[] = [];
    if (this.open(depth, ']')) return result;
    for (;;) {
      result.push(this.value(depth + 1));
      if (this.separator(']')) return result;
    }
  }

  /** Steps past an opening bracket; true when the closing one follows at once (an empty object or array). */
  private open(depth: number, closing: string): boolean {
    if (depth >= MAX_DEPTH) this.fail(`JSON nested deeper than ${MAX_DEPTH} levels`);
    this.position += 1;
    this.skipSpace();
    if (this.text[this.position] !== closing) return false;
    this.position += 1;
    return true;
  }

  /** After a member or element: true at the closing bracket, false at a comma. */
  private separator(closing: string): boolean {
    this.skipSpace();
    const char = this.text[this.position];
    this.position += 1;
    if (char === closing) return true;
    if (char === ',') return false;
    this.position -= 1;
    return this.fail(`expected ',' or '${closing}'`);
  }

  private string(): string {
    const start = this.position;
    let escaped = false;
    for (let index = start + 1; index < this.text.length; index += 1) {
      const code = this.text.charCodeAt(index);
      if (code === 0x22) {
        this.position = index + 1;
        if (!escaped) return this.text.slice(start + 1, index);
        try {
          return JSON.parse(this.text.slice(start, index + 1)) as string;
        } catch {
          this.position = start;
          return this.fail('invalid escape in a string');
        }
      }
      if (code === 0x5c) {
        escaped = true;
        index += 1;
      } else if (code < 0x20) {
        this.position = index;
        return this.fail('control character in a string (escape it)');
      }
    }
    return this.fail('unterminated string');
  }

  private number(): number | bigint {
    const start = this.position;
    const negative = this.text[this.position] === '-';
    if (negative) this.position += 1;
    const named = this.namedNumber();
    if (named !== undefined) return negative ? -named : named;
    const integerStart = this.position;
    if (this.text[this.position] === '0') this.position += 1;
    else if (!this.digits()) return this.fail(negative ? "expected a digit after '-'" : 'expected a JSON value');
    const integerDigits = this.position - integerStart;
    let integral = true;
    if (this.text[this.position] === '.') {
      integral = false;
      this.position += 1;
      if (!this.digits()) return this.fail("expected a digit after '.'");
    }
    if (this.text[this.position] === 'e' || this.text[this.position] === 'E') {
      integral = false;
      this.position += 1;
      if (this.text[this.position] === '+' || this.text[this.position] === '-') this.position += 1;
      if (!this.digits()) return this.fail('expected a digit in the exponent');
    }
    const literal = this.text.slice(start, this.position);
    if (!integral || integerDigits <= SAFE_DIGITS) return Number(literal);
    const exact = BigInt(literal);
    const rounded = Number(exact);
    return Number.isSafeInteger(rounded) ? rounded : exact;
  }

  /** rapidjson's NaN and infinities (after an optional '-'), or undefined when the text holds a digit instead. */
  private namedNumber(): number | undefined {
    for (const [name, value] of NAMED_NUMBERS) {
      if (this.text.startsWith(name, this.position)) {
        this.position += name.length;
        return value;
      }
    }
    return undefined;
  }

  private digits(): boolean {
    const start = this.position;
    while (this.position < this.text.length) {
      const code = this.text.charCodeAt(this.position);
      if (code < 0x30 || code > 0x39) break;
      this.position += 1;
    }
    return this.position > start;
  }

  private literal<T>(word: string, value: T): T {
    if (!this.text.startsWith(word, this.position)) this.fail('expected a JSON value');
    this.position += word.length;
    return value;
  }

  private skipSpace(): void {
    while (this.position < this.text.length) {
      const char = this.text[this.position];
      if (char !== ' ' && char !== '\n' && char !== '\r' && char !== '\t') return;
      this.position += 1;
    }
  }

  private fail(what: string): never {
    throw invalid(`the request is not valid JSON at character ${this.position}: ${what}`);
  }
}

/** Longest first, so that "Infinity" is not read as "Inf" followed by "inity". */
const NAMED_NUMBERS: ReadonlyArray<readonly [string, number]> = [
  ['NaN', NaN],
  ['Infinity', Infinity],
  ['Inf', Infinity],
];

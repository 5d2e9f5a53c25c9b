import { ModelError } from './model-error';

/**
 * A reader for protobuf's text format (what Triton's config.pbtxt is written in), without a schema:
 * it turns text into fields and values, and parse-triton-config.ts gives them meaning.
 *
 * Why hand-written: protobufjs 7 has no text format (only binary and JSON; checked in its src/), and
 * no other installed package reads it. This covers the grammar Triton configs use: `name: value`,
 * `name { ... }` / `name: { ... }` / `name < ... >`, lists `name: [ a, b ]` and `name [ { }, { } ]`,
 * `#` comments, `,` or `;` between fields, quoted strings with C escapes (adjacent strings join),
 * identifiers (enum values), decimal and hex numbers. Not covered: extensions (`[pkg.ext]`) and Any.
 */

export interface TextPosition {
  line: number;
  column: number;
}

export type TextScalar = TextPosition & { kind: 'identifier' | 'number' | 'string'; text: string };
export type TextValue = TextScalar | (TextPosition & { kind: 'message'; message: TextMessage });

/** A message's fields in order; a list `f: [a, b]` becomes two fields `f`, as in the binary format. */
export interface TextMessage {
  fields: (TextPosition & { name: string; value: TextValue })[];
}

type Token = TextPosition & ({ kind: 'identifier' | 'number' | 'string'; text: string } | { kind: 'symbol'; text: string } | { kind: 'end'; text: '' });

/** Deeper nesting than any real config; a bound keeps hostile input from exhausting the stack. */
const MAX_DEPTH = 64;
const IDENTIFIER = /[A-Za-z_][A-Za-z0-9_]*/y;
// inf and nan are identifiers here, as in protobuf's tokenizer: a field named `info` stays one token.
const NUMBER = /-?(?:0[xX][0-9a-fA-F]+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?[fF]?)/y;
const SIMPLE_ESCAPES: Record<string, number> = { n: 10, t: 9, r: 13, a: 7, b: 8, f: 12, v: 11, '\\': 92, "'": 39, '"': 34, '?': 63 };

class Tokenizer {
  private offset = 0;
  private line = 1;
  private lineStart = 0;

  constructor(
    private readonly text: string,
    private readonly label: string,
  ) {}

  fail(at: TextPosition, message: string): never {
    throw new ModelError('invalid-config', `${this.label}:${at.line}:${at.column}: ${message}`);
  }

  private position(): TextPosition {
    return { line: this.line, column: this.offset - this.lineStart + 1 };
  }

  private skipSpaceAndComments(): void {
    while (this.offset < this.text.length) {
      const char = this.text[this.offset]!;
      if (char === '\n') {
        this.offset += 1;
        this.line += 1;
        this.lineStart = this.offset;
      } else if (char === ' ' || char === '\t' || char === '\r' || char === '\f' || char === '\v') {
        this.offset += 1;
      } else if (char === '#') {
        while (this.offset < this.text.length && this.text[this.offset] !== '\n') this.offset += 1;
      } else {
        return;
      }
    }
  }

  next(): Token {
    this.skipSpaceAndComments();
    const at = this.position();
    if (this.offset >= this.text.length) return { ...at, kind: 'end', text: '' };
    const char = this.text[this.offset]!;
    if ('{}[]<>:,;'.includes(char)) {
      this.offset += 1;
      return { ...at, kind: 'symbol', text: char };
    }
    if (char === '"' || char === "'") return { ...at, kind: 'string', text: this.readStrings() };
    for (const [kind, pattern] of [['number', NUMBER], ['identifier', IDENTIFIER]] as const) {
      pattern.lastIndex = this.offset;
      const match = pattern.exec(this.text);
      if (match) {
        this.offset += match[0].length;
        return { ...at, kind, text: match[0] };
      }
    }
    return this.fail(at, `unexpected character ${JSON.stringify(char)}`);
  }

  /** One or more adjacent quoted strings, joined, escapes decoded as bytes and then as UTF-8. */
  private readStrings(): string {
    let joined = '';
    do {
      joined += this.readString();
      this.skipSpaceAndComments();
    } while (this.text[this.offset] === '"' || this.text[this.offset] === "'");
    return joined;
  }

  private readString(): string {
    const at = this.position();
    const quote = this.text[this.offset]!;
    this.offset += 1;
    const bytes: number[] = [];
    const encoder = new TextEncoder();
    for (;;) {
      if (this.offset >= this.text.length || this.text[this.offset] === '\n') this.fail(at, 'string is not closed on its line');
      const char = this.text[this.offset]!;
      this.offset += 1;
      if (char === quote) break;
      if (char !== '\\') {
        const codePoint = this.text.codePointAt(this.offset - 1)!;
        if (codePoint >= 0xd800 && codePoint <= 0xdfff) this.fail(at, 'string holds a lone UTF-16 surrogate, which is not text');
        const whole = String.fromCodePoint(codePoint);
        this.offset += whole.length - 1;
        bytes.push(...encoder.encode(whole));
        continue;
      }
      bytes.push(...this.readEscape(at));
    }
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bytes));
    } catch {
      return this.fail(at, 'string is not valid UTF-8 once its escapes are decoded');
    }
  }

  private readEscape(at: TextPosition): number[] {
    const char = this.text[this.offset] ?? '';
    this.offset += 1;
    if (char in SIMPLE_ESCAPES) return [SIMPLE_ESCAPES[char]!];
    const octal = /^[0-7]{1,3}/.exec(this.text.slice(this.offset - 1, this.offset + 2));
    if (octal) {
      this.offset += octal[0].length - 1;
      return [parseInt(octal[0], 8) & 0xff];
    }
    const hex = char === 'x' ? /^[0-9a-fA-F]{1,2}/.exec(this.text.slice(this.offset, this.offset + 2)) : null;
    if (hex) {
      this.offset += hex[0].length;
      return [parseInt(hex[0], 16)];
    }
    const unicode = char === 'u' ? /^[0-9a-fA-F]{4}/.exec(this.text.slice(this.offset, this.offset + 4)) : char === 'U' ? /^[0-9a-fA-F]{8}/.exec(this.text.slice(this.offset, this.offset + 8)) : null;
    if (unicode) {
      const codePoint = parseInt(unicode[0], 16);
      if (codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) this.fail(at, `\\${char}${unicode[0]} is not a Unicode scalar value`);
      this.offset += unicode[0].length;
      return [...new TextEncoder().encode(String.fromCodePoint(codePoint))];
    }
    return this.fail(at, `unknown escape \\${char} in string`);
  }
}

class Parser {
  private token: Token;

  constructor(private readonly tokens: Tokenizer) {
    this.token = tokens.next();
  }

  private advance(): Token {
    const current = this.token;
    this.token = this.tokens.next();
    return current;
  }

  private describe(token: Token): string {
    return token.kind === 'end' ? 'the end of the text' : JSON.stringify(token.text);
  }

  private expectSymbol(symbol: string): void {
    if (this.token.kind !== 'symbol' || this.token.text !== symbol) this.tokens.fail(this.token, `expected '${symbol}', found ${this.describe(this.token)}`);
    this.advance();
  }

  private isSymbol(symbol: string): boolean {
    return this.token.kind === 'symbol' && this.token.text === symbol;
  }

  /** Fields until `close` (a closing bracket, or the end of the text for the top level). */
  message(close: '}' | '>' | 'end', depth: number): TextMessage {
    if (depth > MAX_DEPTH) this.tokens.fail(this.token, `messages nested deeper than ${MAX_DEPTH}`);
    const fields: TextMessage['fields'] = [];
    while (!(close === 'end' ? this.token.kind === 'end' : this.isSymbol(close))) {
      const name = this.advance();
      if (name.kind !== 'identifier') this.tokens.fail(name, `expected a field name, found ${this.describe(name)}`);
      const colon = this.isSymbol(':');
      if (colon) this.advance();
      if (this.isSymbol('[')) {
        this.advance();
        while (!this.isSymbol(']')) {
          fields.push({ line: name.line, column: name.column, name: name.text, value: this.value(colon, depth) });
          if (!this.isSymbol(']')) this.expectSymbol(',');
        }
        this.advance();
      } else {
        fields.push({ line: name.line, column: name.column, name: name.text, value: this.value(colon, depth) });
      }
      if (this.isSymbol(',') || this.isSymbol(';')) this.advance();
    }
    if (close !== 'end') this.advance();
    return { fields };
  }

  private value(afterColon: boolean, depth: number): TextValue {
    const at = this.token;
    if (this.isSymbol('{') || this.isSymbol('<')) {
      const close = this.advance().text === '{' ? '}' : '>';
      return { line: at.line, column: at.column, kind: 'message', message: this.message(close, depth + 1) };
    }
    if (!afterColon) this.tokens.fail(at, `expected ':' or '{' after the field name, found ${this.describe(at)}`);
    if (at.kind === 'identifier' || at.kind === 'number' || at.kind === 'string') {
      this.advance();
      return { line: at.line, column: at.column, kind: at.kind, text: at.text };
    }
    return this.tokens.fail(at, `expected a value, found ${this.describe(at)}`);
  }
}

/** Parses protobuf text format into fields; refuses malformed text with ModelError 'invalid-config' naming line and column. */
export function parseProtobufText(text: string, label: string): TextMessage {
  return new Parser(new Tokenizer(text, label)).message('end', 0);
}

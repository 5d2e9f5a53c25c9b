import { ServiceError } from '../../kit/server/errors';

export type Token =
  | { readonly type: 'identifier'; readonly text: string }
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'number'; readonly text: string }
  | { readonly type: 'operator'; readonly text: string }
  | { readonly type: 'keyword'; readonly text: 'AND' | 'OR' | 'LIKE' | 'ILIKE' | 'IN' | 'NOT' | 'ASC' | 'DESC' }
  | { readonly type: 'punctuation'; readonly text: '(' | ')' | ',' };

const KEYWORDS = new Set(['AND', 'OR', 'LIKE', 'ILIKE', 'IN', 'NOT', 'ASC', 'DESC']);
const OPERATOR = /^(>=|<=|!=|<>|=|>|<)/;
const NUMBER = /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/;
// An identifier: words joined by dots, where a part may be quoted with backticks or double quotes
// (`metrics.\`f1 score\``, `tags."team name"`).
const IDENTIFIER = /^(?:[\p{L}_][\p{L}\p{N}_]*|`[^`]*`|"[^"]*")(?:\.(?:[\p{L}\p{N}_][\p{L}\p{N}_\-/:]*|`[^`]*`|"[^"]*"))*/u;

/** Splits an MLflow search filter or order_by clause into tokens. */
export function lex(text: string, what: string): Token[] {
  const tokens: Token[] = [];
  let rest = text;
  while ((rest = rest.trimStart()) !== '') {
    const first = rest[0]!;
    let match: RegExpExecArray | null;
    if (first === '(' || first === ')' || first === ',') {
      tokens.push({ type: 'punctuation', text: first });
      rest = rest.slice(1);
    } else if (first === "'") {
      const end = /^'((?:[^']|'')*)'/.exec(rest);
      if (!end) throw new ServiceError('invalid', `Invalid ${what} '${text}'. Could not be parsed: unterminated string.`);
      tokens.push({ type: 'string', value: end[1]!.replace(/''/g, "'") });
      rest = rest.slice(end[0].length);
    } else if ((match = OPERATOR.exec(rest))) {
      tokens.push({ type: 'operator', text: match[0] === '<>' ? '!=' : match[0] });
      rest = rest.slice(match[0].length);
    } else if ((match = NUMBER.exec(rest))) {
      tokens.push({ type: 'number', text: match[0] });
      rest = rest.slice(match[0].length);
    } else if ((match = IDENTIFIER.exec(rest))) {
      const upper = match[0].toUpperCase();
      // A lone double-quoted word is a string value, as in MLflow (`params.p = "a"`).
      if (/^"[^"]*"$/.test(match[0])) tokens.push({ type: 'string', value: match[0].slice(1, -1) });
      else if (KEYWORDS.has(upper)) tokens.push({ type: 'keyword', text: upper as 'AND' });
      else tokens.push({ type: 'identifier', text: match[0] });
      rest = rest.slice(match[0].length);
    } else {
      throw new ServiceError('invalid', `Invalid ${what} '${text}'. Could not be parsed near '${rest.slice(0, 20)}'.`);
    }
  }
  return tokens;
}

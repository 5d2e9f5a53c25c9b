/** Bad input to the engine: an unreadable file, invalid JSON or HCL, an input of no known kind. */
export class PolicyInputError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
    readonly position?: { readonly line: number; readonly column: number },
  ) {
    super(`${file}${position ? `:${position.line}:${position.column}` : ''}: ${problem}`);
    this.name = 'PolicyInputError';
  }
}

/** Line and column (1-based) of a character offset. */
export function positionAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** JSON.parse, with a failure reported as a PolicyInputError at the line and column of the problem. */
export function parseJson(file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const offset = /at position (\d+)/.exec(message);
    const position = offset ? positionAt(text, Number(offset[1])) : /end of JSON input/.test(message) ? positionAt(text, text.length) : undefined;
    throw new PolicyInputError(file, `invalid JSON: ${message.replace(/ in JSON at position \d+.*$/, '')}`, position);
  }
}

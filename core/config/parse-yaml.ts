import { isMap, isScalar, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import { configErrorMap, ConfigError, problemsFromIssues, type AllowedKeys, type ConfigProblem } from './problems';

export interface YamlSchemaOptions {
  /** What a valid file is, for the first line of the error: `a valid Plinth config`. */
  readonly validWhat: string;
  /** The problem when the file is not a mapping at all, saying what it should hold. */
  readonly notAMapping: string;
  /**
   * Alias expansions allowed: each may expand to everything it points at, so a few lines could expand to
   * gigabytes ("billion laughs").
   * @default 100
   */
  readonly maxAliasCount?: number;
}

/**
 * Parses YAML text and validates it against a zod schema. Throws a ConfigError listing every problem at
 * once, each with its dotted path, line and column, and a did-you-mean for unknown keys and values.
 * platform.yaml and the promotion gates' policy files are read by it; `fileName` only names the source.
 */
export function parseYamlWithSchema<Schema extends z.ZodType>(schema: Schema, text: string, fileName: string, options: YamlSchemaOptions): z.output<Schema> {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) {
    throw new ConfigError(
      fileName,
      document.errors.map((error) => {
        const position = error.linePos?.[0];
        return { path: '', line: position?.line, column: position?.col, message: `YAML syntax error: ${firstLine(error.message)}` };
      }),
      options.validWhat,
    );
  }
  const input = toJS(document, fileName, options);
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new ConfigError(fileName, [{ path: '', line: 1, column: 1, message: options.notAMapping }], options.validWhat);
  }

  const allowedKeys: AllowedKeys = new WeakMap();
  const result = schema.safeParse(input, { error: configErrorMap(allowedKeys) });
  if (result.success) return result.data;

  const problems: ConfigProblem[] = problemsFromIssues(result.error.issues, input, allowedKeys).map((problem) => ({
    ...problem,
    ...positionOf(document, problem.path, lineCounter),
  }));
  problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  throw new ConfigError(fileName, problems, options.validWhat);
}

function toJS(document: Document, fileName: string, options: YamlSchemaOptions): unknown {
  const maxAliasCount = options.maxAliasCount ?? 100;
  try {
    return document.toJS({ maxAliasCount });
  } catch (error) {
    // The yaml library throws a ReferenceError past maxAliasCount.
    if (!(error instanceof ReferenceError)) throw error;
    throw new ConfigError(fileName, [{ path: '', message: `too many YAML aliases (at most ${maxAliasCount} expansions); write the values out` }], options.validWhat);
  }
}

/**
 * Where a dotted path sits in the YAML source: the value when it exists, the key when the problem
 * is the key itself, or the closest enclosing mapping when the key is missing.
 */
export function positionOf(document: Document, dottedPath: string, lineCounter: LineCounter): { line?: number; column?: number } {
  const segments = dottedPath === '' ? [] : dottedPath.split(/\.|(?=\[)/).map((s) => (s.startsWith('[') ? Number(s.slice(1, -1)) : s));
  let node: Node | null | undefined = document.contents;
  let position = node?.range?.[0];
  for (const segment of segments) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
      if (!pair) break;
      position = (pair.key as Node).range?.[0] ?? position;
      node = pair.value as Node | null;
      if (node?.range && !isMap(node)) position = node.range[0];
    } else if (node && 'items' in node && Array.isArray(node.items) && typeof segment === 'number') {
      node = node.items[segment] as Node | undefined;
      if (node?.range) position = node.range[0];
    } else {
      break;
    }
  }
  if (position === undefined) return {};
  const { line, col } = lineCounter.linePos(position);
  return { line, column: col };
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

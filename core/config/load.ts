import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { isMap, isScalar, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { configErrorMap, ConfigError, problemsFromIssues, type AllowedKeys, type ConfigProblem } from './problems';
import { platformConfigSchema, type PlatformConfig } from './schema';

/** The config file used when neither an argument nor PLINTH_CONFIG names one. */
export const DEFAULT_CONFIG_FILE = 'platform.yaml';

/** A validated config and where it came from (relative paths in it resolve against `directory`). */
export interface LoadedConfig {
  readonly file: string;
  readonly directory: string;
  readonly config: PlatformConfig;
}

/** Which config file to use: an explicit path, else `PLINTH_CONFIG`, else `platform.yaml` in the working directory. */
export function configPath(explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(explicit ?? env.PLINTH_CONFIG ?? DEFAULT_CONFIG_FILE);
}

/** Reads and validates a config file; throws a ConfigError listing every problem at once. */
export function loadConfig(file: string): LoadedConfig {
  const relative = path.relative(process.cwd(), file);
  const shownName = relative === '' || relative.startsWith('..') ? file : relative;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (error as Error).message;
    throw new ConfigError(shownName, [{ path: '', message: `cannot read the config: ${reason} (set PLINTH_CONFIG or pass a path)` }]);
  }
  return { file, directory: path.dirname(file), config: parseConfig(text, shownName) };
}

/** Validates config text; `fileName` only names the source in messages. */
export function parseConfig(text: string, fileName: string): PlatformConfig {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) {
    throw new ConfigError(
      fileName,
      document.errors.map((error) => {
        const position = error.linePos?.[0];
        return { path: '', line: position?.line, column: position?.col, message: `YAML syntax error: ${firstLine(error.message)}` };
      }),
    );
  }
  const input: unknown = document.toJS();
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new ConfigError(fileName, [{ path: '', line: 1, column: 1, message: 'the file must be a YAML mapping with platform, blueprint, cloud, tags, alerts and environments' }]);
  }

  const allowedKeys: AllowedKeys = new WeakMap();
  const result = platformConfigSchema.safeParse(input, { error: configErrorMap(allowedKeys) });
  if (result.success) return result.data;

  const problems: ConfigProblem[] = problemsFromIssues(result.error.issues, input, allowedKeys).map((problem) => ({
    ...problem,
    ...positionOf(document, problem.path, lineCounter),
  }));
  problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  throw new ConfigError(fileName, problems);
}

/**
 * Where a config path sits in the YAML source: the value when it exists, the key when the problem
 * is the key itself, or the closest enclosing mapping when the key is missing.
 */
function positionOf(document: Document, dottedPath: string, lineCounter: LineCounter): { line?: number; column?: number } {
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

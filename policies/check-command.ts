import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { EXIT_FINDINGS, UserFacingError } from '../core/exit-codes';
import { PolicyInputError } from './engine/errors';
import { blocking, evaluate } from './engine/evaluate';
import type { ResourceGraph } from './engine/graph';
import { loadInput } from './engine/inputs';
import { REPORTERS } from './engine/reporters';
import type { ReportFormat } from './engine/reporters/formats';
import type { Rule, Severity } from './engine/rule';
import type { FileSuppression } from './engine/suppressions';
import { parseSuppressionsFile } from './engine/suppressions-file';
import { DEFAULT_SUPPRESSIONS } from './cli';
import { ALL_RULES, PACKS } from './rules';

export interface CheckOptions {
  readonly format: ReportFormat;
  readonly failOn: Severity;
  readonly output?: string;
  readonly suppressions?: string;
  readonly pack?: string[];
  readonly production?: boolean;
}

/**
 * `plinth policy check`: runs a check and writes the report; returns the exit code. Bad input throws
 * a UserFacingError. Paths in the report are relative to the working directory (the repository root in CI).
 */
export async function runCheck(paths: readonly string[], options: CheckOptions): Promise<number> {
  const root = process.cwd();
  const rules = selectRules(options.pack);
  try {
    const graphs: ResourceGraph[] = [];
    for (const path of paths) graphs.push(...(await loadInput(displayPath(path, root))));
    const suppressions = readSuppressions(options.suppressions, root);
    const report = evaluate(graphs, rules, { suppressions, environment: options.production ? { production: true } : undefined });
    const text = REPORTERS[options.format](report, { failOn: options.failOn, root, version: packageVersion(root) });
    if (options.output) writeFileSync(resolve(root, options.output), text);
    else process.stdout.write(text);
    return blocking(report, options.failOn).length > 0 ? EXIT_FINDINGS : 0;
  } catch (error) {
    if (error instanceof PolicyInputError) throw new UserFacingError(`plinth policy check: ${error.message}`);
    throw error;
  }
}

function selectRules(packNames: readonly string[] | undefined): readonly Rule[] {
  if (!packNames) return ALL_RULES;
  const unknown = packNames.filter((name) => !PACKS.some((pack) => pack.name === name));
  if (unknown.length > 0) {
    throw new UserFacingError(`plinth policy check: --pack ${unknown.join(', ')}: no such pack (available: ${PACKS.map((pack) => pack.name).join(', ')})`);
  }
  return [...new Set(PACKS.filter((pack) => packNames.includes(pack.name)).flatMap((pack) => pack.rules))];
}

function readSuppressions(file: string | undefined, root: string): FileSuppression[] {
  const path = file ?? (existsSync(resolve(root, DEFAULT_SUPPRESSIONS)) ? DEFAULT_SUPPRESSIONS : undefined);
  if (path === undefined) return [];
  const absolute = resolve(root, path);
  if (!existsSync(absolute)) throw new PolicyInputError(path, 'no such suppressions file');
  return parseSuppressionsFile(path, readFileSync(absolute, 'utf8'), new Set(ALL_RULES.map((rule) => rule.id)));
}

/** Paths in findings are relative to the repository root, as code scanning expects. */
function displayPath(path: string, root: string): string {
  const absolute = isAbsolute(path) ? path : resolve(root, path);
  const inside = relative(root, absolute);
  return inside.startsWith('..') ? absolute : inside || '.';
}

function packageVersion(root: string): string {
  try {
    return (JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as { version?: string }).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

import { Option, type Command } from 'commander';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { EXIT_FINDINGS, UserFacingError } from '../services/cli/exit-codes';
import { catalogueMarkdown, catalogueText } from './catalogue';
import { PolicyInputError } from './engine/errors';
import { blocking, evaluate } from './engine/evaluate';
import type { ResourceGraph } from './engine/graph';
import { loadInput } from './engine/inputs';
import { REPORTERS, type ReportFormat } from './engine/reporters';
import { SEVERITIES, type Rule, type Severity } from './engine/rule';
import { parseSuppressionsFile, type FileSuppression } from './engine/suppressions';
import { ALL_RULES, PACKS } from './rules';

/** Where a repository keeps its accepted findings; read when present. */
export const DEFAULT_SUPPRESSIONS = 'policies/suppressions.yaml';

interface CheckOptions {
  readonly format: ReportFormat;
  readonly failOn: Severity;
  readonly output?: string;
  readonly suppressions?: string;
  readonly pack?: string[];
  readonly production?: boolean;
}

/** `plinth policy check` and `plinth policy rules`. */
export function registerPolicyCommands(program: Command): void {
  const policy = program.command('policy').description('Policy-as-code checks on cdktf output, Terraform plans and HCL');

  policy
    .command('check')
    .description('Check Terraform inputs against Plinth\'s rules; exit 1 when findings reach --fail-on, 2 on bad input')
    .argument('[paths...]', 'cdktf.out folders, directories of .tf files, .tf/.tf.json files or plan JSON files', ['cdktf.out'])
    .addOption(new Option('--format <format>', 'output format').choices(Object.keys(REPORTERS)).default('text'))
    .addOption(new Option('--fail-on <severity>', 'lowest severity that fails the check').choices([...SEVERITIES]).default('high'))
    .option('--output <file>', 'write the report to a file instead of stdout')
    .option('--suppressions <file>', `suppressions file (default: ${DEFAULT_SUPPRESSIONS} when it exists)`)
    .option('--pack <names...>', `only these packs (${PACKS.map((pack) => pack.name).join(', ')})`)
    .option('--production', 'treat every resource as part of a production environment')
    .action(async (paths: string[], options: CheckOptions) => {
      const code = await runCheck(paths, options);
      if (code !== 0) process.exitCode = code;
    });

  policy
    .command('rules')
    .description('List the rules (markdown: the catalogue as in policies/README.md)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'markdown']).default('text'))
    .action((options: { format: 'text' | 'markdown' }) => {
      process.stdout.write(options.format === 'markdown' ? catalogueMarkdown(ALL_RULES, PACKS) : catalogueText(ALL_RULES));
    });
}

/**
 * Runs a check and writes the report; returns the exit code. Bad input throws a UserFacingError.
 * Paths in the report are relative to the working directory (the repository root in CI).
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

import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UserFacingError } from '../../core/exit-codes';
import { compareReports } from './compare';
import { estimateCost } from './estimate';
import type { CostReport } from './model';
import { readCostReport } from './read-report';
import { markdownReport } from './render/markdown';
import { textReport } from './render/table';
import { readSynthesizedStacks } from './stack-input';

export const COST_FORMATS = ['table', 'json', 'markdown'] as const;

export interface CostOptions {
  /** @default - every environment */
  readonly env?: string;
  /** @default 'table' */
  readonly format?: (typeof COST_FORMATS)[number];
  /** A report of the base branch (`--format json`). @default - no comparison */
  readonly compare?: string;
  /** @default - standard output */
  readonly output?: string;
}

/** `plinth cost [outdir]`: reads the synthesized stacks, prices them, prints or writes the report. */
export function runCost(outdir: string, options: CostOptions): void {
  const before = options.compare === undefined ? undefined : readCostReport(options.compare);
  const report = onlyEnvironment(estimateCost(readSynthesizedStacks(outdir)), options.env, outdir);
  const changes = before ? compareReports(options.env ? onlyEnvironment(before, options.env) : before, report) : undefined;
  const format = options.format ?? 'table';
  const text = format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : format === 'markdown' ? markdownReport(report, changes) : textReport(report, changes);
  if (options.output) writeAtomically(options.output, text);
  else process.stdout.write(text);
}

/** The report of one environment, named as tagged (`dev`) or by its stacks' prefix (`acme-ml-dev`). */
function onlyEnvironment(report: CostReport, name: string | undefined, outdir?: string): CostReport {
  if (name === undefined) return report;
  const environments = report.environments.filter((env) => env.name === name || env.id === name);
  if (environments.length === 0 && outdir !== undefined) {
    const known = report.environments.map((env) => env.name).join(', ') || 'none';
    throw new UserFacingError(`plinth cost: --env ${name}: no such environment in ${outdir} (environments: ${known})`);
  }
  return { ...report, environments };
}

/** Whole or not at all: a temporary file beside the target, renamed into place. */
function writeAtomically(file: string, text: string): void {
  const target = resolve(file);
  const temporary = `${target}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(temporary, text);
    renameSync(temporary, target);
  } catch (error) {
    throw new UserFacingError(`plinth cost: --output ${file}: cannot write (${error instanceof Error ? error.message : String(error)})`, undefined, { cause: error });
  }
}

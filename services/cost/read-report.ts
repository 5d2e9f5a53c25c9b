import { existsSync } from 'node:fs';
import { UserFacingError } from '../../core/exit-codes';
import { PolicyInputError, parseJson } from '../../policies/engine/errors';
import { readText } from '../../policies/engine/loaders/hcl';
import { isObject } from '../../policies/engine/values';
import { COST_REPORT_FORMAT, type CostReport } from './model';

/**
 * A report written by `plinth cost --format json` (the base branch's, for --compare). Checks the
 * shape --compare relies on, and names the first place it differs.
 */
export function readCostReport(file: string): CostReport {
  if (!existsSync(file)) throw new UserFacingError(`plinth cost: --compare ${file}: no such file; write it on the base branch with \`npx plinth cost --format json --output ${file}\``);
  let document: unknown;
  try {
    document = parseJson(file, readText(file));
  } catch (error) {
    if (error instanceof PolicyInputError) throw new UserFacingError(`plinth cost: --compare ${error.message}`, undefined, { cause: error });
    throw error;
  }
  const problem = shapeProblem(document);
  if (problem) throw new UserFacingError(`plinth cost: --compare ${file}: not a plinth cost report (${problem}); expected the output of \`npx plinth cost --format json\``);
  return document as CostReport;
}

function shapeProblem(document: unknown): string | undefined {
  if (!isObject(document)) return 'the file holds no JSON object';
  if (document.format !== COST_REPORT_FORMAT) return `"format" is ${JSON.stringify(document.format)}, not "${COST_REPORT_FORMAT}"`;
  if (!Array.isArray(document.environments)) return '"environments" is not a list';
  for (const [e, env] of document.environments.entries()) {
    if (!isObject(env) || typeof env.name !== 'string' || !Array.isArray(env.stacks)) return `environments[${e}] lacks a name or its stacks`;
    for (const [s, stack] of env.stacks.entries()) {
      if (!isObject(stack) || typeof stack.name !== 'string' || !isMoney(stack.monthlyUsd)) return `environments[${e}].stacks[${s}] lacks a name or monthlyUsd { low, high }`;
    }
  }
  return undefined;
}

function isMoney(value: unknown): boolean {
  return isObject(value) && typeof value.low === 'number' && typeof value.high === 'number' && Number.isFinite(value.low) && Number.isFinite(value.high);
}

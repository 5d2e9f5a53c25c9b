import { writeFileSync } from 'node:fs';
import { EXIT_FINDINGS, UserFacingError } from '../../core/exit-codes';
import { type CompareOptions, compareDatasets } from './compare';
import { DriftInputError } from './drift-input-error';
import { checkSameHeader, typesOf } from './input/data-table';
import { parseOptionsFile } from './input/options-file';
import { readBytes, readDataFile } from './input/read-data-file';
import { renderHtmlReport } from './output/html-report';
import type { DriftReport } from './report';

export interface CompareFlags {
  readonly reference: string;
  readonly current: string;
  readonly options?: string;
  readonly format: 'json' | 'html';
  readonly output?: string;
}

/** `plinth drift compare`: writes the report, a one-line summary on stderr, and sets the exit code. */
export async function compareCommand(flags: CompareFlags): Promise<void> {
  const report = await runCompare(flags);
  const { dataset } = report;
  process.stderr.write(
    `drift: ${dataset.drifted_columns} of ${dataset.columns} columns drifted; dataset drift: ${dataset.drifted ? 'yes' : 'no'}` +
      `${report.prediction ? `; prediction drift (${report.prediction.column}): ${report.prediction.drifted ? 'yes' : 'no'}` : ''}\n`,
  );
  if (dataset.drifted || report.prediction?.drifted) process.exitCode = EXIT_FINDINGS;
}

async function runCompare(flags: CompareFlags): Promise<DriftReport> {
  const options: CompareOptions = flags.options ? parseOptionsFile(readBytes(flags.options).toString('utf8'), flags.options) : {};
  const declaredTypes = Object.fromEntries(Object.entries(options.columns ?? {}).map(([name, column]) => [name, column.type]));
  const reference = await readDataFile(flags.reference, declaredTypes);
  const unknown = Object.keys(options.columns ?? {}).filter((name) => !reference.header.includes(name));
  if (unknown.length > 0) {
    throw new UserFacingError(`${flags.options}: columns.${unknown[0]}: no such column in ${flags.reference} (columns: ${reference.header.join(', ')})`);
  }
  const current = await readDataFile(flags.current, typesOf(reference));
  checkSameHeader(reference, current);
  const problems = [...reference.problems, ...current.problems];
  if (problems.length > 0) throw new UserFacingError(problems.join('\n'));
  const referenceData = { columns: reference.columns };
  const currentData = { columns: current.columns };
  let report: DriftReport;
  try {
    report = compareDatasets(referenceData, currentData, options);
  } catch (error) {
    if (error instanceof DriftInputError) throw new UserFacingError(`${flags.options ?? flags.reference}: ${error.message}`);
    throw error;
  }
  const text =
    flags.format === 'html'
      ? renderHtmlReport(report, referenceData, currentData, `Drift: ${flags.current} against ${flags.reference}`)
      : `${JSON.stringify(report, null, 2)}\n`;
  if (flags.output) writeFileSync(flags.output, text);
  else process.stdout.write(text);
  return report;
}

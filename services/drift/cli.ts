import { readFileSync, writeFileSync } from 'node:fs';
import { type Command, Option } from 'commander';
import { EXIT_FINDINGS, UserFacingError } from '../cli/exit-codes';
import { type CompareOptions, compareDatasets } from './compare';
import { DriftInputError } from './drift-input-error';
import { typedColumns } from './input/csv-columns';
import { checkSameHeader, parseCsvTable } from './input/csv-table';
import { parseOptionsFile } from './input/options-file';
import { renderHtmlReport } from './output/html-report';
import type { DriftReport } from './report';
import { registerServeCommand } from './service/serve-command';

interface CompareFlags {
  readonly reference: string;
  readonly current: string;
  readonly options?: string;
  readonly format: 'json' | 'html';
  readonly output?: string;
}

/** `plinth drift compare`: Evidently-compatible drift statistics between two CSV files; `plinth drift serve`: the service. */
export function registerDriftCommands(program: Command): void {
  const drift = program.command('drift').description('Data drift between a reference dataset and current data');
  drift
    .command('compare')
    .description('Compare two CSV files column by column; exit 1 when the dataset (or the prediction column) drifts, 2 on bad input')
    .requiredOption('--reference <file>', 'reference CSV (with a header row)')
    .requiredOption('--current <file>', 'current CSV, same columns')
    .option('--options <file>', 'YAML: columns.<name>.{type, stattest, threshold, role}, drift_share')
    .addOption(new Option('--format <format>', 'report format').choices(['json', 'html']).default('json'))
    .option('--output <file>', 'write the report here instead of standard output')
    .action((flags: CompareFlags) => {
      const report = runCompare(flags);
      const { dataset } = report;
      process.stderr.write(
        `drift: ${dataset.drifted_columns} of ${dataset.columns} columns drifted; dataset drift: ${dataset.drifted ? 'yes' : 'no'}` +
          `${report.prediction ? `; prediction drift (${report.prediction.column}): ${report.prediction.drifted ? 'yes' : 'no'}` : ''}\n`,
      );
      if (dataset.drifted || report.prediction?.drifted) process.exitCode = EXIT_FINDINGS;
    });
  registerServeCommand(drift);
}

function runCompare(flags: CompareFlags): DriftReport {
  const reference = parseCsvTable(readText(flags.reference), flags.reference);
  const current = parseCsvTable(readText(flags.current), flags.current);
  checkSameHeader(reference, current);
  const options: CompareOptions = flags.options ? parseOptionsFile(readText(flags.options), flags.options) : {};
  const unknown = Object.keys(options.columns ?? {}).filter((name) => !reference.header.includes(name));
  if (unknown.length > 0) {
    throw new UserFacingError(`${flags.options}: columns.${unknown[0]}: no such column in ${flags.reference} (columns: ${reference.header.join(', ')})`);
  }
  const types = Object.fromEntries(Object.entries(options.columns ?? {}).map(([name, column]) => [name, column.type]));
  const columns = typedColumns(reference, current, types);
  const referenceData = { columns: columns.reference };
  const currentData = { columns: columns.current };
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

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (error as Error).message;
    throw new UserFacingError(`${file}: cannot read: ${reason}`);
  }
}

import { type Command, Option } from 'commander';
import type { CompareFlags } from './compare-command';
import { registerServeCommand } from './service/serve-command';

/** `plinth drift compare`: Evidently-compatible drift statistics between two CSV or Parquet files; `plinth drift serve`: the service. */
export function registerDriftCommands(program: Command): void {
  const drift = program.command('drift').description('Data drift between a reference dataset and current data');
  drift
    .command('compare')
    .description('Compare two CSV or Parquet files column by column; exit 1 when the dataset (or the prediction column) drifts, 2 on bad input')
    .requiredOption('--reference <file>', 'reference data: CSV with a header row, or Parquet (.parquet, .pq)')
    .requiredOption('--current <file>', 'current data, same columns (CSV or Parquet)')
    .option('--options <file>', 'YAML: columns.<name>.{type, stattest, threshold, role}, drift_share')
    .addOption(new Option('--format <format>', 'report format').choices(['json', 'html']).default('json'))
    .option('--output <file>', 'write the report here instead of standard output')
    .action(async (flags: CompareFlags) => {
      // Loaded when the command runs, so that every other plinth command starts without the statistics.
      const { compareCommand } = require('./compare-command') as typeof import('./compare-command');
      await compareCommand(flags);
    });
  registerServeCommand(drift);
}

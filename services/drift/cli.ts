import { type Command, Option } from 'commander';
import type { CompareFlags } from './compare-command';
import type { ReferenceFlags } from './reference-command';
import { registerServeCommand } from './service/serve-command';

/** `plinth drift compare`: Evidently-compatible drift statistics between two CSV or Parquet files; `plinth drift serve`: the service; `reference`: its client. */
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
  drift
    .command('reference')
    .description("Register a CSV or Parquet file as a model's reference with a running drift service (plinth drift serve); exit 2 on bad input or a 4xx, 3 when the service cannot be reached")
    .requiredOption('--drift-url <url>', 'the drift service, e.g. http://127.0.0.1:8090')
    .requiredOption('--model <name>', "the model whose traffic is compared with it (the inference server logs under the served model's name)")
    .requiredOption('--file <file>', 'the reference: CSV with a header row, or Parquet (.parquet, .pq)')
    .option('--prediction-column <name>', "the model-output column (role: prediction), e.g. prediction as plinth inference replay --output writes it")
    .option('--drift-token-env <variable>', 'the environment variable holding a write token (default: PLINTH_DRIFT_TOKEN, when set)')
    .action(async (flags: ReferenceFlags) => {
      const { referenceCommand } = require('./reference-command') as typeof import('./reference-command');
      await referenceCommand(flags);
    });
}

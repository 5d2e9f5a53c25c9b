import type { Command } from 'commander';
import type { ConfigFlags } from './config-command';

/** `plinth feature-store config`: the `feature_store.yaml` an app team's feature repository needs. */
export function registerFeatureStoreCommands(program: Command): void {
  const featureStore = program.command('feature-store').description("The platform's Feast feature store");
  featureStore
    .command('config')
    .description("Print the feature_store.yaml of an environment's feature store, from `cdktf output --outputs-file` JSON; exit 2 on bad input")
    .requiredOption('--outputs <file>', 'JSON written by `cdktf output <platform>-<env>-foundation --outputs-file <file>`')
    .option('--environment <env>', 'the environment whose foundation stack to read (needed when the file has several)')
    .action((flags: ConfigFlags) => {
      // Loaded when the command runs, so that every other plinth command starts without yaml and cdktf.
      const { configCommand } = require('./config-command') as typeof import('./config-command');
      configCommand(flags);
    });
}

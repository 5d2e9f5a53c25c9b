import { Option, type Command } from 'commander';
import type { CostOptions } from './cost-command';

/** `plinth cost`. Registering loads nothing of the estimator: the action does, when it runs. */
export function registerCostCommands(program: Command): void {
  program
    .command('cost')
    .description('Estimate the idle monthly cost of every synthesized stack from the price table in the repository (usage is listed, not estimated)')
    .argument('[outdir]', 'cdktf output folder (npx cdktf synth writes cdktf.out)', 'cdktf.out')
    .option('--env <name>', 'only this environment (dev, or its stacks\' prefix acme-ml-dev)')
    .addOption(new Option('--format <format>', 'table for a terminal, json for --compare and tools, markdown for a pull-request comment').choices(['table', 'json', 'markdown']).default('table'))
    .option('--compare <previous.json>', 'a report of the base branch (--format json): show each stack\'s change')
    .option('--output <file>', 'write the report to a file, whole or not at all, instead of stdout')
    .action((outdir: string, options: CostOptions) => {
      const { runCost } = require('./cost-command') as typeof import('./cost-command');
      runCost(outdir, options);
    });
}

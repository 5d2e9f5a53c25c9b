import { Option, type Command } from 'commander';
import { REPORT_FORMATS } from './engine/reporters/formats';
import { SEVERITIES } from './engine/rule';
import type { CheckOptions } from './check-command';
import { PACK_NAMES } from './rules/pack-names';

/** Where a repository keeps its accepted findings; read when present. */
export const DEFAULT_SUPPRESSIONS = 'policies/suppressions.yaml';

/**
 * `plinth policy check` and `plinth policy rules`. Registering loads no part of the engine: each
 * action loads it when it runs (see services/cli/main.ts).
 */
export function registerPolicyCommands(program: Command): void {
  const policy = program.command('policy').description('Policy-as-code checks on cdktf output, Terraform plans and HCL');

  policy
    .command('check')
    .description('Check Terraform inputs against Plinth\'s rules; exit 1 when findings reach --fail-on, 2 on bad input')
    .argument('[paths...]', 'cdktf.out folders, directories of .tf files, .tf/.tf.json files or plan JSON files', ['cdktf.out'])
    .addOption(new Option('--format <format>', 'output format').choices(REPORT_FORMATS).default('text'))
    .addOption(new Option('--fail-on <severity>', 'lowest severity that fails the check').choices(SEVERITIES).default('high'))
    .option('--output <file>', 'write the report to a file instead of stdout')
    .option('--suppressions <file>', `suppressions file (default: ${DEFAULT_SUPPRESSIONS} when it exists)`)
    .option('--pack <names...>', `only these packs (${PACK_NAMES.join(', ')})`)
    .option('--production', 'treat every resource as part of a production environment')
    .action(async (paths: string[], options: CheckOptions) => {
      const { runCheck } = require('./check-command') as typeof import('./check-command');
      const code = await runCheck(paths, options);
      if (code !== 0) process.exitCode = code;
    });

  policy
    .command('rules')
    .description('List the rules (markdown: the catalogue as in policies/README.md)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'markdown']).default('text'))
    .action((options: { format: 'text' | 'markdown' }) => {
      const { catalogueMarkdown, catalogueText } = require('./catalogue') as typeof import('./catalogue');
      const { ALL_RULES, PACKS } = require('./rules') as typeof import('./rules');
      process.stdout.write(options.format === 'markdown' ? catalogueMarkdown(ALL_RULES, PACKS) : catalogueText(ALL_RULES));
    });
}

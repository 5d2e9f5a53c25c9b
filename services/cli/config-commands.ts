import type { Command } from 'commander';

/** `plinth config validate|schema|docs|defaults`: check platform.yaml, print its JSON Schema, its field table or the blueprints' defaults. */
export function registerConfigCommands(program: Command): void {
  const config = program.command('config').description('Validate platform.yaml; print its JSON Schema, its field table or the blueprints’ defaults');

  config
    .command('validate')
    .description('Validate a platform config (default: $PLINTH_CONFIG or ./platform.yaml); exit 2 when invalid')
    .argument('[file]', 'config file')
    .action((file: string | undefined) => {
      // Each action loads what it needs when it runs (see main.ts): here zod and yaml.
      const { configPath, loadConfig } = require('../../core/config/load') as typeof import('../../core/config/load');
      const { implementationGap } = require('../../stacks/implemented') as typeof import('../../stacks/implemented');
      const { config: platform } = loadConfig(configPath(file));
      const environments = Object.keys(platform.environments);
      process.stdout.write(
        `${file ?? 'platform config'} is valid: platform "${platform.platform}", blueprint ${platform.blueprint} on ${platform.cloud.provider}, ` +
          `environments ${environments.join(', ')}\n`,
      );
      const gap = implementationGap(platform);
      if (gap) process.stdout.write(`note: ${gap}: \`cdktf synth\` will refuse this config until it is.\n`);
    });

  config
    .command('schema')
    .description('Print the JSON Schema of platform.yaml (draft 2020-12)')
    .action(() => {
      const { platformJsonSchema } = require('../../core/config/field-table') as typeof import('../../core/config/field-table');
      process.stdout.write(`${JSON.stringify(platformJsonSchema(), null, 2)}\n`);
    });

  config
    .command('docs')
    .description('Print the table of config fields as Markdown (the one in README.md)')
    .action(() => {
      const { configFieldTable } = require('../../core/config/field-table') as typeof import('../../core/config/field-table');
      process.stdout.write(`${configFieldTable()}\n`);
    });

  config
    .command('defaults')
    .description('Print each blueprint’s defaults (capabilities and sizes, development and production) as Markdown (the tables in README.md)')
    .action(() => {
      const { blueprintDefaultsTables } = require('../../blueprints/defaults-tables') as typeof import('../../blueprints/defaults-tables');
      process.stdout.write(`${blueprintDefaultsTables()}\n`);
    });
}

import type { Command } from 'commander';
import { UserFacingError } from '../../core/exit-codes';

/**
 * `plinth config validate|schema|docs|defaults|stacks|images`: check platform.yaml, print its JSON Schema, its
 * field table or the blueprints' defaults; list the stacks and images the GitHub workflows plan, deploy and release.
 */
export function registerConfigCommands(program: Command): void {
  const config = program
    .command('config')
    .description('Validate platform.yaml; print its JSON Schema, its field table, the blueprints’ defaults, its stacks or its service images');

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

  config
    .command('stacks')
    .description('List the synthesized stacks with their environment and layer, in apply order (what the GitHub workflows plan and deploy)')
    .argument('[outdir]', 'the folder `cdktf synth` wrote', 'cdktf.out')
    .option('--config <file>', 'platform config (default: $PLINTH_CONFIG or ./platform.yaml)')
    .option('--env <name>', 'only this environment')
    .option('--deployable', 'only stacks a CI runner can plan and deploy: a real cloud and remote (s3 or gcs) state')
    .option('--changed-since <base-outdir>', 'only stacks whose Terraform JSON differs from this other synth output, or that it lacks')
    .option('--format <format>', 'text or json', 'text')
    .action((outdir: string, options: { config?: string; env?: string; deployable?: boolean; changedSince?: string; format: string }) => {
      const { configPath, loadConfig } = require('../../core/config/load') as typeof import('../../core/config/load');
      const { ciStacks, ciStacksText } = require('./ci-stacks') as typeof import('./ci-stacks');
      const format = oneOf('--format', options.format, ['text', 'json']);
      const list = ciStacks(loadConfig(configPath(options.config)).config, outdir, {
        environment: options.env,
        deployableOnly: options.deployable === true,
        changedSince: options.changedSince,
      });
      process.stdout.write(format === 'json' ? `${JSON.stringify(list, null, 2)}\n` : ciStacksText(list));
    });

  config
    .command('images')
    .description('List the service images of an environment, as JSON: each service with a repository in the foundation outputs, tagged with the version its workloads stack deploys')
    .requiredOption('--env <name>', 'the environment')
    .requiredOption('--outputs <file>', 'the foundation stack’s `terraform output -json`')
    .option('--config <file>', 'platform config (default: $PLINTH_CONFIG or ./platform.yaml)')
    .action((options: { env: string; outputs: string; config?: string }) => {
      const { configPath, loadConfig } = require('../../core/config/load') as typeof import('../../core/config/load');
      const { BLUEPRINTS } = require('../../blueprints') as typeof import('../../blueprints');
      const { resolveEnvironment } = require('../../stacks/environment') as typeof import('../../stacks/environment');
      const { readTerraformOutputs, serviceImages } = require('./service-images') as typeof import('./service-images');
      const { config: platform } = loadConfig(configPath(options.config));
      if (!(options.env in platform.environments)) {
        throw new UserFacingError(`--env: environment "${options.env}" is not defined in the config (defined: ${Object.keys(platform.environments).join(', ')})`);
      }
      const blueprint = BLUEPRINTS[platform.blueprint]?.();
      if (!blueprint) throw new UserFacingError(`blueprint "${platform.blueprint}" is not implemented yet`);
      // The workloads stack deploys `<repository>:<serviceVersion>`: the same resolution, so a deploy finds what a release pushed.
      const { serviceVersion } = resolveEnvironment(platform, options.env, blueprint.defaults);
      process.stdout.write(`${JSON.stringify(serviceImages(readTerraformOutputs(options.outputs), serviceVersion), null, 2)}\n`);
    });
}

function oneOf<T extends string>(option: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UserFacingError(`${option}: found "${value}"; use one of ${allowed.join(', ')}`);
}

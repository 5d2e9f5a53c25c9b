import { Option, type Command } from 'commander';
import { DELIVERY_FORMATS, type DeliveryFormat } from './formats';

interface CommonOptions {
  readonly config?: string;
  readonly outdir: string;
}

/** `--at` (the janitor's clock) or now; a time that cannot be read is a usage error. */
function timeOption(value: string | undefined): Date {
  if (value === undefined) return new Date();
  const time = new Date(value);
  if (Number.isNaN(time.getTime())) {
    const { UserFacingError } = require('../../core/exit-codes') as typeof import('../../core/exit-codes');
    throw new UserFacingError(`--at ${value}: not a time; give an ISO 8601 time such as 2026-12-04T15:00:00Z`);
  }
  return time;
}

function common(command: Command): Command {
  return command
    .option('--config <file>', 'platform config (default: $PLINTH_CONFIG or ./platform.yaml)')
    .option('--outdir <dir>', 'where the stacks are synthesized', 'cdktf.out');
}

const log = (line: string) => process.stderr.write(`${line}\n`);

/**
 * `plinth preview up|down|list` and `plinth janitor`: short-lived environments for pull requests,
 * deployed and destroyed with Terraform, and the clean-up of expired ones. README, "Preview environments and the janitor".
 */
export function registerDeliveryCommands(program: Command): void {
  const preview = program.command('preview').description('Short-lived copies of an environment (pull requests), recorded beside platform.yaml and tagged with their expiry');

  common(
    preview
      .command('up')
      .description('Record a preview derived from an environment at development sizes, deploy its stacks and print their outputs')
      .argument('<name>', 'preview name, an environment name such as pr-123'),
  )
    .option('--from <env>', 'environment to derive it from (default: dev)')
    .option('--ttl <duration>', 'time to live from now, recorded once as an absolute expiry (72h, 7d; default: 72h)')
    .addOption(new Option('--output-format <format>', 'how to print the outputs').choices(DELIVERY_FORMATS).default('table'))
    .action(async (name: string, options: CommonOptions & { from?: string; ttl?: string; outputFormat: DeliveryFormat }) => {
      const { previewUp } = require('./previews') as typeof import('./previews');
      const { formatPreviewUp } = require('./reports') as typeof import('./reports');
      const result = await previewUp({ configFile: options.config, outdir: options.outdir, now: new Date(), log, name, from: options.from, ttl: options.ttl });
      process.stdout.write(formatPreviewUp(result, options.outputFormat));
    });

  common(
    preview
      .command('down')
      .description('Destroy a preview stack by stack (workloads first) and forget it; found by its tags when its record is lost')
      .argument('<name>', 'preview name'),
  ).action(async (name: string, options: CommonOptions) => {
    const { previewDown, notDestroyed } = require('./previews') as typeof import('./previews');
    const { formatPreviewDown } = require('./reports') as typeof import('./reports');
    const result = await previewDown({ configFile: options.config, outdir: options.outdir, now: new Date(), log, name });
    process.stdout.write(formatPreviewDown(result));
    if (notDestroyed(result).length > 0) process.exitCode = 1;
  });

  preview
    .command('list')
    .description('List the recorded previews and when each expires')
    .option('--config <file>', 'platform config (default: $PLINTH_CONFIG or ./platform.yaml)')
    .action((options: { config?: string }) => {
      const { configPath, loadConfig } = require('../../core/config/load') as typeof import('../../core/config/load');
      const { readPreviewRecords } = require('../../core/config/previews') as typeof import('../../core/config/previews');
      const records = readPreviewRecords(loadConfig(configPath(options.config)).directory);
      process.stdout.write(records.length === 0 ? 'no previews recorded\n' : records.map((r) => `${r.name}\tfrom ${r.from}\texpires ${r.expiresAt}\n`).join(''));
    });

  common(program.command('janitor').description('Destroy expired previews, found by their records and by the cloud’s expiry tags; exit 1 when something could not be destroyed'))
    .option('--dry-run', 'report what would be destroyed and change nothing')
    .option('--env <names...>', 'only previews derived from these environments, and only search where those live (default: all)')
    .option('--at <time>', 'judge expiry at this ISO 8601 time instead of now (e.g. what a dry run at Friday would destroy)')
    .addOption(new Option('--format <format>', 'report format').choices(DELIVERY_FORMATS).default('table'))
    .action(async (options: CommonOptions & { dryRun?: boolean; at?: string; env?: string[]; format: DeliveryFormat }) => {
      const { runJanitor, janitorFailed } = require('./janitor') as typeof import('./janitor');
      const { formatJanitor } = require('./reports') as typeof import('./reports');
      const report = await runJanitor({ configFile: options.config, outdir: options.outdir, now: timeOption(options.at), log, dryRun: options.dryRun === true, sources: options.env });
      process.stdout.write(formatJanitor(report, options.format));
      if (janitorFailed(report)) process.exitCode = 1;
    });
}

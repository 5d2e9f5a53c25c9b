import { type Command, InvalidArgumentError, Option } from 'commander';
import { UserFacingError } from '../../../core/exit-codes';
import { parsePositiveInteger as positiveInteger, runService, withServeOptions, type ServeFlags } from '../../kit/cli/serve-command';
import { tokensFromEnvironment } from '../../kit/server/tokens';
import { DriftConfigError } from '../monitor/drift-config-error';
import type { WebhookFormat } from '../retraining/webhook-request';

interface DriftServeFlags extends ServeFlags {
  readonly windowRows?: number;
  readonly minWindowRows?: number;
  readonly maxBatchRows?: number;
  readonly maxReferenceRows?: number;
  readonly webhookUrl?: string;
  readonly webhookFormat: WebhookFormat;
  readonly webhookTokenEnv?: string;
  readonly webhookEventType?: string;
  readonly cooldownSeconds: number;
  readonly retrainEverySeconds?: number;
  readonly retrainOnEmbeddingDrift?: boolean;
  readonly analysisThreads?: number;
  readonly maxConcurrentUploads?: number;
  readonly maxQueuedUploads?: number;
}

/** `plinth drift serve`: the drift monitor over HTTP, with its metrics and the retraining webhook. */
export function registerServeCommand(drift: Command): void {
  withServeOptions(
    drift
      .command('serve')
      .description('Serve /api/drift (references, batches, reports), drift metrics on /metrics, and the retraining webhook; tokens come from PLINTH_TOKENS or PLINTH_TOKENS_FILE'),
    { port: 8090, databaseDirectory: '.plinth/drift/db' },
  )
    .addOption(new Option('--window-rows <rows>', 'rows per model compared with the reference (default 5000)').argParser(positiveInteger))
    .addOption(new Option('--min-window-rows <rows>', 'rows needed before the first report (default 100)').argParser(positiveInteger))
    .addOption(new Option('--max-batch-rows <rows>', 'largest batch (default: the window)').argParser(positiveInteger))
    .addOption(new Option('--max-reference-rows <rows>', 'largest reference (default 1000000)').argParser(positiveInteger))
    .option('--webhook-url <url>', 'POST a retraining trigger here when a model drifts')
    .addOption(new Option('--webhook-format <format>', 'body format').choices(['generic', 'github']).default('generic'))
    .option('--webhook-token-env <variable>', 'environment variable with the bearer token (default for github: GITHUB_TOKEN)')
    .option('--webhook-event-type <type>', 'repository_dispatch event_type (default plinth-drift-retraining)')
    .addOption(new Option('--cooldown-seconds <seconds>', 'at most one trigger per model in this period').default(86_400).argParser(positiveInteger))
    .addOption(new Option('--retrain-every-seconds <seconds>', 'also trigger every model on this schedule').argParser(positiveInteger))
    .option('--retrain-on-embedding-drift', 'also trigger when an embedding column drifts (default: dataset drift only)')
    .addOption(new Option('--analysis-threads <threads>', 'worker threads that parse uploads and compute reports (default: the CPUs available)').argParser(positiveInteger))
    .addOption(new Option('--max-concurrent-uploads <uploads>', 'uploads worked on at once (default: the analysis threads)').argParser(positiveInteger))
    .addOption(new Option('--max-queued-uploads <uploads>', 'uploads waiting beyond those; more get 429 with Retry-After (default: max concurrent uploads)').argParser(nonNegativeInteger))
    .action((flags: DriftServeFlags, command: Command) => serve(flags, command));
}

async function serve(flags: DriftServeFlags, command: Command): Promise<void> {
  if (flags.webhookUrl === undefined && (flags.webhookTokenEnv ?? flags.webhookEventType ?? flags.retrainEverySeconds ?? flags.retrainOnEmbeddingDrift) !== undefined) {
    throw new UserFacingError('--webhook-token-env, --webhook-event-type, --retrain-every-seconds and --retrain-on-embedding-drift need --webhook-url');
  }
  await runService(
    command,
    flags,
    async () => {
      // Loaded here so that every other plinth command starts without Fastify and PGlite. A typed require,
      // since a dynamic import() in this CommonJS code would need a file extension that jest cannot resolve.
      const { createDriftServer } = require('./drift-server') as typeof import('./drift-server');
      const { service } = await createDriftServer({
        database: flags.databaseUrl,
        databaseIamAuth: flags.databaseIamAuth,
        tokens: tokensFromEnvironment(),
        analysisThreads: flags.analysisThreads,
        maxConcurrentUploads: flags.maxConcurrentUploads,
        maxQueuedUploads: flags.maxQueuedUploads,
        monitor: { windowRows: flags.windowRows, minWindowRows: flags.minWindowRows, maxBatchRows: flags.maxBatchRows, maxReferenceRows: flags.maxReferenceRows },
        retraining:
          flags.webhookUrl === undefined
            ? undefined
            : {
                webhook: { url: flags.webhookUrl, format: flags.webhookFormat, tokenEnv: flags.webhookTokenEnv, eventType: flags.webhookEventType },
                cooldownMs: flags.cooldownSeconds * 1000,
                onEmbeddingDrift: flags.retrainOnEmbeddingDrift,
                everyMs: flags.retrainEverySeconds === undefined ? undefined : flags.retrainEverySeconds * 1000,
              },
      });
      return service;
    },
    [DriftConfigError],
  );
}

function nonNegativeInteger(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) throw new InvalidArgumentError('expected a whole number, 0 or more');
  return number;
}

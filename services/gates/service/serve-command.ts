import { readFileSync } from 'node:fs';
import { type Command, Option } from 'commander';
import { UserFacingError } from '../../../core/exit-codes';
import { parseArtifactLocation } from '../../kit/artifacts/artifact-location';
import { parsePositiveInteger, runService, type ServeFlags, withServeOptions } from '../../kit/cli/serve-command';
import { tokensFromEnvironment } from '../../kit/server/tokens';
import { DEFAULT_TOKEN_ENV } from '../registry/tracking-connection';

interface GatesServeFlags extends ServeFlags {
  readonly trackingUrl: string;
  readonly trackingTokenFile?: string;
  readonly repository: string;
  readonly holdouts?: string;
  readonly modelPackageGroup?: string;
  readonly maxBatchSize?: number;
  readonly webhookUrlFile?: string;
  readonly publicUrl?: string;
  readonly maxConcurrentEvaluations?: number;
  readonly maxQueuedEvaluations?: number;
}

/** `plinth gates serve`: promotions over HTTP, with human approval of high-risk models and an audit trail. */
export function registerGatesServeCommand(gates: Command): void {
  withServeOptions(
    gates
      .command('serve')
      .description(
        'Serve /api/gates: promotion requests evaluated against their policy, approvals of high-risk models by an approve token other than the requester (four eyes), the audit trail, and metrics on /metrics; tokens come from PLINTH_TOKENS or PLINTH_TOKENS_FILE',
      ),
    { port: 8070, databaseDirectory: '.plinth/gates/db' },
  )
    .requiredOption('--tracking-url <url>', 'the tracking server whose registry the gates read and write, e.g. http://127.0.0.1:5000')
    .option('--tracking-token-file <file>', `a file holding the tracking server's bearer token (a mounted secret; default: the ${DEFAULT_TOKEN_ENV} variable, when set)`)
    .requiredOption('--repository <location>', 'the Triton model repository promoted versions are published to: a folder, s3://bucket/prefix or gs://bucket/prefix')
    .option('--holdouts <location>', "where requests' holdout paths are found: a folder, s3://bucket/prefix or gs://bucket/prefix (nothing outside it is read)")
    .option('--model-package-group <name>', "mirror every decision into this SageMaker model package group (the foundation's model_registry output)")
    .addOption(new Option('--max-batch-size <rows>', "the published config.pbtxt's max_batch_size unless a request sets it (default 4, Triton's)").argParser(parsePositiveInteger))
    .option('--webhook-url-file <file>', 'a file holding a Slack-compatible incoming webhook URL, told of every outcome (a secret, so never a flag value)')
    .option('--public-url <url>', "this service's address as approvers reach it, for the commands a notification suggests")
    .addOption(new Option('--max-concurrent-evaluations <requests>', 'promotion requests evaluated at once (default 1)').argParser(parsePositiveInteger))
    .addOption(new Option('--max-queued-evaluations <requests>', 'requests waiting beyond those; more get 429 with Retry-After (default 8)').argParser(parsePositiveInteger))
    .action((flags: GatesServeFlags, command: Command) => serve(flags, command));
}

/** A secret's value from a file (a mounted Kubernetes Secret), trimmed; the message never quotes it. */
function readSecretFile(flag: string, file: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8').trim();
  } catch (error) {
    throw new UserFacingError(`${flag} ${file}: cannot read it: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  if (text === '') throw new UserFacingError(`${flag} ${file}: the file is empty`);
  return text;
}

function checkLocation(flag: string, location: string | undefined): void {
  if (location === undefined) return;
  try {
    parseArtifactLocation(location);
  } catch (error) {
    throw new UserFacingError(`${flag} ${location}: ${(error as Error).message}`);
  }
}

async function serve(flags: GatesServeFlags, command: Command): Promise<void> {
  checkLocation('--repository', flags.repository);
  checkLocation('--holdouts', flags.holdouts);
  const trackingToken = flags.trackingTokenFile === undefined ? process.env[DEFAULT_TOKEN_ENV] || undefined : readSecretFile('--tracking-token-file', flags.trackingTokenFile);
  const webhookUrl = flags.webhookUrlFile === undefined ? undefined : readSecretFile('--webhook-url-file', flags.webhookUrlFile);
  if (webhookUrl !== undefined && !/^https?:\/\/[^\s]+$/.test(webhookUrl)) throw new UserFacingError(`--webhook-url-file ${flags.webhookUrlFile}: expected an http(s) URL in the file`);
  await runService(command, flags, async () => {
    // Loaded here so that every other plinth command starts without Fastify, PGlite and onnxruntime.
    const { createGatesServer } = require('./gates-server') as typeof import('./gates-server');
    const { service } = await createGatesServer({
      database: flags.databaseUrl,
      databaseIamAuth: flags.databaseIamAuth,
      tokens: tokensFromEnvironment(),
      trackingUrl: flags.trackingUrl,
      trackingToken,
      target: { repository: flags.repository, modelPackageGroup: flags.modelPackageGroup, maxBatchSize: flags.maxBatchSize },
      holdouts: flags.holdouts,
      webhookUrl,
      publicUrl: flags.publicUrl,
      maxConcurrentEvaluations: flags.maxConcurrentEvaluations,
      maxQueuedEvaluations: flags.maxQueuedEvaluations,
    });
    return service;
  });
}

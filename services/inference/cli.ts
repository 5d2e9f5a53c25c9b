import { type Command, InvalidArgumentError, Option } from 'commander';
import { parsePositiveInteger, runService, withListenOptions, type ListenFlags } from '../kit/cli/serve-command';
import { tokensFromEnvironment } from '../kit/server/tokens';
import type { ReplayFlags } from './replay/replay-command';
import type { ModelControlMode } from './server/inference-server';

export interface InferenceServeFlags extends ListenFlags {
  readonly modelRepository: string;
  readonly modelCache?: string;
  readonly modelControlMode: ModelControlMode;
  readonly loadModel: string[];
  readonly repositoryPollSecs: number;
  readonly intraOpThreads: number;
  readonly driftUrl?: string;
  readonly driftTokenEnv?: string;
  readonly driftSampleRate: number;
  readonly driftBatchRows: number;
  readonly driftFlushSeconds: number;
  readonly driftDropColumns: string[];
  readonly driftColumns?: string;
}

interface AddModelFlags {
  readonly modelRepository: string;
  readonly name: string;
  readonly onnx: string;
  readonly modelVersion?: number;
  readonly maxBatchSize?: number;
  readonly instances?: number;
}

/** `plinth inference serve`: a Triton-compatible inference server for ONNX models on the CPU; `add-model`: fills its repository; `replay`: a CSV's rows as traffic. */
export function registerInferenceCommands(program: Command): void {
  const inference = program.command('inference').description('Triton-compatible model serving (KServe v2 protocol) on the CPU');
  inference
    .command('add-model')
    .description('Check an ONNX model (size, ONNX, no external data, standard operators) and add it to a Triton model repository as <name>/<version>/model.onnx with a generated config.pbtxt')
    .requiredOption('--model-repository <folder>', 'the repository (created with its parents)')
    .requiredOption('--name <model>', "the model's name: its folder and its URL (/v2/models/<name>)")
    .requiredOption('--onnx <file>', 'the ONNX model')
    .addOption(new Option('--model-version <number>', 'the version folder (default: one above the highest)').argParser(parsePositiveInteger))
    .addOption(new Option('--max-batch-size <rows>', 'largest batch the server forms when the model batches on its first dimension (default 4)').argParser(parsePositiveInteger))
    .addOption(new Option('--instances <count>', 'model instances (worker threads) serving at once (default 1)').argParser(parsePositiveInteger))
    .action(async (flags: AddModelFlags) => {
      const { readFile } = require('node:fs/promises') as typeof import('node:fs/promises');
      const { publishToRepository } = require('../kit/models/publish-to-repository') as typeof import('../kit/models/publish-to-repository');
      const { UserFacingError } = require('../../core/exit-codes') as typeof import('../../core/exit-codes');
      const bytes = await readFile(flags.onnx).catch((error: NodeJS.ErrnoException) => {
        throw new UserFacingError(`--onnx ${flags.onnx}: cannot read it (${error.code ?? error.message})`);
      });
      const published = await publishToRepository(flags.modelRepository, flags.name, bytes, {
        ...(flags.modelVersion === undefined ? {} : { version: flags.modelVersion }),
        ...(flags.maxBatchSize === undefined ? {} : { maxBatchSize: flags.maxBatchSize }),
        ...(flags.instances === undefined ? {} : { instanceCount: flags.instances }),
      });
      process.stdout.write(`added model '${published.name}' version ${published.version} (sha256 ${published.sha256}) to ${flags.modelRepository}\n`);
    });
  inference
    .command('replay')
    .description(
      "Send a CSV's rows to a running inference server (POST /v2/models/<model>/infer), as a client would; with --output, write them with the model's outputs under the drift logging's column names, ready for plinth drift reference. Exit 2 on bad input or a 4xx, 3 when the server cannot be reached",
    )
    .requiredOption('--url <url>', 'the inference server (plinth inference serve), e.g. http://127.0.0.1:8000')
    .requiredOption('--model <name>', 'the served model')
    .requiredOption('--input <csv>', "rows with a header: an input t of shape [-1, k] from columns t_0 … t_{k-1} (a single input also from exactly k columns in order), a one-value input from the column named like it")
    .option('--output <csv>', "write the input columns, each output's columns and prediction here, as the server's drift logging names them")
    .addOption(new Option('--batch-rows <rows>', "rows per request (default: the model's max_batch_size, or 1 when it does not batch)").argParser(parsePositiveInteger))
    .addOption(new Option('--concurrency <requests>', 'requests in flight at once (default 4)').argParser(parsePositiveInteger))
    .addOption(new Option('--drop-columns <names>', "with --output: columns or tensors left out, as the server's --drift-drop-columns leaves them out of what it logs").default([], 'none').argParser(parseNameList))
    .option('--token-env <variable>', 'the environment variable holding the bearer token (default: PLINTH_INFERENCE_TOKEN, when set)')
    .action(async (flags: ReplayFlags) => {
      // Loaded on use, like every command's work, so that plinth starts quickly.
      const { replayCommand } = require('./replay/replay-command') as typeof import('./replay/replay-command');
      await replayCommand(flags);
    });
  withListenOptions(
    inference
      .command('serve')
      .description('Serve a Triton model repository of ONNX models under /v2 (KServe v2 / Triton HTTP protocol) and Triton\'s metrics on /metrics; tokens come from PLINTH_TOKENS or PLINTH_TOKENS_FILE'),
    8000,
  )
    .requiredOption('--model-repository <location>', 'Triton model repository (<model>/config.pbtxt, <model>/<version>/model.onnx): a folder, s3://bucket/prefix or gs://bucket/prefix')
    .option('--model-cache <folder>', 'with a bucket repository: the local folder it is mirrored into (default: a new temporary folder)')
    .addOption(new Option('--model-control-mode <mode>', 'none: load every model at start; poll: and watch the repository; explicit: only --load-model, then the repository API').choices(['none', 'poll', 'explicit']).default('none'))
    .addOption(new Option('--load-model <model>', 'with explicit: a model to load at start (repeatable)').argParser((value: string, previous: string[] = []) => [...previous, value]).default([]))
    .addOption(new Option('--repository-poll-secs <seconds>', 'with poll: seconds between polls').default(15).argParser(parsePositiveInteger))
    .addOption(new Option('--intra-op-threads <threads>', "onnxruntime's threads per model instance").default(1).argParser(parsePositiveInteger))
    .option('--drift-url <url>', "log a sample of requests to the drift service at this base URL (http://drift:8090), as rows of the served model's name")
    .option('--drift-token-env <variable>', 'with --drift-url: the environment variable holding the bearer token for the drift service')
    .addOption(new Option('--drift-sample-rate <share>', 'with --drift-url: share of requests logged, 0 to 1 (a logged request with all its rows)').default(1).argParser(parseShare))
    .addOption(new Option('--drift-batch-rows <rows>', 'with --drift-url: rows per batch sent to the drift service').default(500).argParser(parsePositiveInteger))
    .addOption(new Option('--drift-flush-seconds <seconds>', 'with --drift-url: send buffered rows at least this often').default(10).argParser(parsePositiveInteger))
    .addOption(new Option('--drift-drop-columns <names>', 'with --drift-url: comma-separated columns or tensors never sent (personal data)').default([], 'none').argParser(parseNameList))
    .option('--drift-columns <file>', 'with --drift-url: YAML naming each model\'s drift columns per tensor and its prediction output (default: <tensor>_<i>, first output as prediction)')
    .action((flags: InferenceServeFlags, command: Command) =>
      runService(command, flags, async () => {
        // Loaded on use, so that other plinth commands start without Fastify and onnxruntime.
        const { createInferenceServer } = require('./server/inference-server') as typeof import('./server/inference-server');
        const { driftLoggingFromFlags } = require('./logging/drift-logging-flags') as typeof import('./logging/drift-logging-flags');
        const driftLogging = await driftLoggingFromFlags(flags, command);
        const { service } = await createInferenceServer({
          ...(driftLogging ? { driftLogging } : {}),
          repository: flags.modelRepository,
          ...(flags.modelCache === undefined ? {} : { modelCache: flags.modelCache }),
          tokens: tokensFromEnvironment(),
          modelControlMode: flags.modelControlMode,
          loadModels: flags.loadModel,
          pollSeconds: flags.repositoryPollSecs,
          intraOpThreads: flags.intraOpThreads,
          version: rootVersion(command),
        });
        return service;
      }),
    );
}

/** `--drift-sample-rate`: a number from 0 to 1. */
function parseShare(value: string): number {
  const share = Number(value);
  if (value.trim() === '' || !(share >= 0 && share <= 1)) throw new InvalidArgumentError(`'${value}' is not a share from 0 to 1 (0.1 logs one request in ten)`);
  return share;
}

/** `a,b , c` → ['a', 'b', 'c']; repeating the flag adds to the list. */
function parseNameList(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map((name) => name.trim()).filter((name) => name !== '')];
}

/** The version `plinth --version` prints, for server metadata. */
function rootVersion(command: Command): string {
  let root = command;
  while (root.parent) root = root.parent;
  return root.version() ?? 'unknown';
}

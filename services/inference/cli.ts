import { type Command, Option } from 'commander';
import { parsePositiveInteger, runService, withListenOptions, type ListenFlags } from '../kit/cli/serve-command';
import { tokensFromEnvironment } from '../kit/server/tokens';
import type { ModelControlMode } from './server/inference-server';

interface InferenceServeFlags extends ListenFlags {
  readonly modelRepository: string;
  readonly modelControlMode: ModelControlMode;
  readonly loadModel: string[];
  readonly repositoryPollSecs: number;
  readonly intraOpThreads: number;
}

interface AddModelFlags {
  readonly modelRepository: string;
  readonly name: string;
  readonly onnx: string;
  readonly modelVersion?: number;
  readonly maxBatchSize?: number;
  readonly instances?: number;
}

/** `plinth inference serve`: a Triton-compatible inference server for ONNX models on the CPU; `add-model`: fills its repository. */
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
  withListenOptions(
    inference
      .command('serve')
      .description('Serve a Triton model repository of ONNX models under /v2 (KServe v2 / Triton HTTP protocol) and Triton\'s metrics on /metrics; tokens come from PLINTH_TOKENS or PLINTH_TOKENS_FILE'),
    8000,
  )
    .requiredOption('--model-repository <folder>', 'Triton model repository: <model>/config.pbtxt and <model>/<version>/model.onnx')
    .addOption(new Option('--model-control-mode <mode>', 'none: load every model at start; poll: and watch the repository; explicit: only --load-model, then the repository API').choices(['none', 'poll', 'explicit']).default('none'))
    .addOption(new Option('--load-model <model>', 'with explicit: a model to load at start (repeatable)').argParser((value: string, previous: string[] = []) => [...previous, value]).default([]))
    .addOption(new Option('--repository-poll-secs <seconds>', 'with poll: seconds between polls').default(15).argParser(parsePositiveInteger))
    .addOption(new Option('--intra-op-threads <threads>', "onnxruntime's threads per model instance").default(1).argParser(parsePositiveInteger))
    .action((flags: InferenceServeFlags, command: Command) =>
      runService(command, flags, async () => {
        // Loaded on use, so that other plinth commands start without Fastify and onnxruntime.
        const { createInferenceServer } = require('./server/inference-server') as typeof import('./server/inference-server');
        const { service } = await createInferenceServer({
          repository: flags.modelRepository,
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

/** The version `plinth --version` prints, for server metadata. */
function rootVersion(command: Command): string {
  let root = command;
  while (root.parent) root = root.parent;
  return root.version() ?? 'unknown';
}

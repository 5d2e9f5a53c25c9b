import { mkdtemp, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { FastifyPluginAsync } from 'fastify';
import { parseArtifactLocation } from '../../kit/artifacts/artifact-location';
import { openArtifactStore } from '../../kit/artifacts/open-artifact-store';
import { registerApiFamily } from '../../kit/server/api-family';
import { createService, type Service } from '../../kit/server/create-service';
import { endpointsPlugin } from '../../kit/server/endpoint';
import { ServiceConfigError } from '../../kit/server/errors';
import { DriftLogger } from '../logging/drift-logger';
import { type DriftLoggingOptions, checkDriftLoggingOptions } from '../logging/drift-logging-options';
import type { TokenTable } from '../../kit/server/tokens';
import { ModelRuntime } from '../runtime/model-runtime';
import { tritonErrorMapper } from '../triton-error-mapper';
import { TritonMetrics } from '../triton-metrics';
import { type InferenceContext, inferEndpoints, v2Endpoints } from './inference-endpoints';
import { InferenceStatistics } from './inference-statistics';
import { RepositoryMirror } from './repository-mirror';
import { RepositoryPoller } from './repository-poller';
import { ServedModels } from './served-models';

/** Which models are served, as Triton's `--model-control-mode` says. */
export type ModelControlMode = 'none' | 'poll' | 'explicit';

export interface InferenceServerOptions {
  /** A Triton model repository: a folder, or `s3://bucket/prefix` or `gs://bucket/prefix` (mirrored locally). */
  readonly repository: string;
  /**
   * Where a bucket repository is mirrored.
   * @default - a new temporary folder
   */
  readonly modelCache?: string;
  readonly tokens: TokenTable;
  /**
   * `none`: every model at start; `poll`: every model at start, then the repository is watched;
   * `explicit`: only `loadModels` at start, the rest through `POST /v2/repository/models/{m}/load`.
   * @default 'none'
   */
  readonly modelControlMode?: ModelControlMode;
  /**
   * Models loaded at start in `explicit` mode.
   * @default - none
   */
  readonly loadModels?: readonly string[];
  /** @default 15 (Triton's --repository-poll-secs default) */
  readonly pollSeconds?: number;
  /**
   * onnxruntime intra-op threads per model instance.
   * @default 1
   */
  readonly intraOpThreads?: number;
  /**
   * Largest inference request body, in bytes.
   * @default 67108864 (64 MiB)
   */
  readonly maxRequestBytes?: number;
  /** @default 256 MiB */
  readonly maxModelBytes?: number;
  /**
   * Log a sample of requests (inputs, outputs and the prediction) to the drift service.
   * @default - no logging
   */
  readonly driftLogging?: DriftLoggingOptions;
  /** Reported by `GET /v2`. */
  readonly version: string;
  /** @default 'info' */
  readonly logLevel?: string;
  /** @default - standard output */
  readonly logStream?: { write(line: string): void };
}

export interface InferenceServer {
  readonly service: Service;
  readonly models: ServedModels;
  /** In `poll` mode, the repository watcher (`pollNow()` polls at once). */
  readonly poller?: RepositoryPoller;
  /** With `driftLogging`, the logger (`flush()` sends what is buffered now). */
  readonly driftLogger?: DriftLogger;
}

/**
 * `plinth inference serve`: the KServe v2 protocol as Triton speaks it, over onnxruntime-node on the CPU,
 * with Triton's metrics on /metrics. Models come from a Triton model repository (the layout the
 * promotion gates publish); a model that fails to load is reported in the repository index, and the
 * server serves the others.
 */
export async function createInferenceServer(options: InferenceServerOptions): Promise<InferenceServer> {
  const mode = options.modelControlMode ?? 'none';
  if (mode !== 'explicit' && (options.loadModels?.length ?? 0) > 0) {
    throw new ServiceConfigError(`--load-model needs --model-control-mode explicit (it is ${mode}: every model in the repository is loaded)`);
  }
  // Before anything starts, so that a bad flag leaves nothing to close.
  if (options.driftLogging) checkDriftLoggingOptions(options.driftLogging);
  const { folder: repository, mirror } = await localRepository(options);
  const service = createService({
    tokens: options.tokens,
    logLevel: options.logLevel,
    logStream: options.logStream,
    readinessChecks: [],
  });
  const statistics = new InferenceStatistics(new TritonMetrics(service.metrics));
  const runtime = new ModelRuntime({ intraOpThreads: options.intraOpThreads, observer: statistics });
  const models = new ServedModels({
    repository,
    runtime,
    ...(mirror ? { beforeLoad: () => mirror.sync() } : {}),
    maxModelBytes: options.maxModelBytes,
    onUnloaded: (name, version) => statistics.forget({ name, version }),
  });
  const driftLogger = options.driftLogging ? new DriftLogger(options.driftLogging, service.metrics, service.app.log) : undefined;
  const context: InferenceContext = { models, statistics, serverVersion: options.version, ...(driftLogger ? { driftLogger } : {}) };
  const poller = mode === 'poll' ? new RepositoryPoller(models, repository, (options.pollSeconds ?? 15) * 1000, service.app.log, mirror ? () => mirror.sync() : undefined) : undefined;
  service.app.addHook('onClose', async () => {
    poller?.stop();
    await driftLogger?.close();
    await models.close();
    await runtime.close();
  });

  if (mode === 'explicit') {
    for (const name of options.loadModels ?? []) await models.load(name).catch((error: Error) => service.app.log.error({ model: name }, error.message));
  } else {
    await models.loadAll();
  }
  for (const entry of await models.index()) {
    if (entry.state === 'UNAVAILABLE') service.app.log.error({ model: entry.name }, `not served: ${entry.reason}`);
  }
  poller?.start();
  service.app.log.info({ repository: options.repository, mode, models: [...models.models.keys()] }, 'model repository loaded');

  registerApiFamily(service.app, {
    prefix: '/v2',
    errorMapper: tritonErrorMapper,
    plugins: [endpointsPlugin(v2Endpoints(), context), inferPlugin(context, options.maxRequestBytes ?? 64 * 1024 * 1024)],
  });
  return { service, models, ...(poller ? { poller } : {}), ...(driftLogger ? { driftLogger } : {}) };
}

/**
 * The folder models load from: the repository itself, or for a bucket (`s3://…`, `gs://…`) a local
 * mirror of it, in `modelCache` or a new temporary folder, synced before every load and poll.
 */
async function localRepository(options: InferenceServerOptions): Promise<{ folder: string; mirror?: RepositoryMirror }> {
  const location = parseArtifactLocation(options.repository);
  if (location.kind !== 'folder') {
    const folder = options.modelCache ?? (await mkdtemp(path.join(tmpdir(), 'plinth-model-cache-')));
    const mirror = new RepositoryMirror(openArtifactStore(options.repository), folder);
    await mirror.sync();
    return { folder, mirror };
  }
  try {
    if (!(await stat(location.folder)).isDirectory()) throw new Error('not a folder');
  } catch (error) {
    throw new ServiceConfigError(`--model-repository ${options.repository}: not a readable folder (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); give the folder that holds <model>/config.pbtxt`);
  }
  return { folder: location.folder };
}

/**
 * The infer routes take their body as bytes whatever its type: JSON, or a JSON header followed by
 * binary tensor data, which only the protocol codec can split.
 */
function inferPlugin(context: InferenceContext, bodyLimit: number): FastifyPluginAsync {
  return async (app) => {
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (_request, body, done) => done(null, body));
    await app.register(endpointsPlugin(inferEndpoints(), context));
  };
}

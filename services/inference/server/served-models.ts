import { readFile } from 'node:fs/promises';
import { checkModelFile } from '../../kit/models/check-model';
import { ModelError } from '../../kit/models/model-error';
import { listModelRepository, type RepositoryModel } from '../../kit/models/model-repository';
import { parseTritonConfig } from '../../kit/models/parse-triton-config';
import type { TritonModelConfig } from '../../kit/models/triton-model-config';
import { ServiceError } from '../../kit/server/errors';
import type { LoadedModel } from '../runtime/loaded-model';
import type { ModelRuntime } from '../runtime/model-runtime';
import { runtimeConfig, servedVersions } from './runtime-config';

/** A model's state as the repository index reports it (Triton's names). */
export type ModelState = 'READY' | 'UNAVAILABLE' | 'LOADING' | 'UNLOADING';

/** One row of `POST /v2/repository/index`. */
export interface RepositoryIndexEntry {
  readonly name: string;
  readonly version?: string;
  readonly state?: ModelState;
  readonly reason?: string;
}

/** A model being served: its configuration and the versions loaded, ascending. */
export interface ServedModel {
  readonly config: TritonModelConfig;
  readonly versions: readonly string[];
}

export interface ServedModelsProps {
  /** The model repository: `<repository>/<model>/config.pbtxt` and `<model>/<version>/model.onnx`. */
  readonly repository: string;
  readonly runtime: ModelRuntime;
  /**
   * Largest model.onnx loaded, in bytes.
   * @default 256 MiB (the model kit's cap)
   */
  readonly maxModelBytes?: number;
  /**
   * Run before every load (a bucket repository syncs its local mirror).
   * @default - nothing
   */
  readonly beforeLoad?: () => Promise<unknown>;
  /** Told when a model's versions stop being served (to drop their metrics). */
  readonly onUnloaded?: (name: string, version: string) => void;
}

/**
 * The models of a Triton model repository that the server serves, and why the others are not: loads
 * a model's versions as its version policy chooses, after the model kit's safety checks (size, ONNX,
 * no external data, standard operators only), and unloads what the policy or the repository drops.
 */
export class ServedModels {
  private readonly served = new Map<string, ServedModel>();
  /** Why a model that is in the repository is not served (its last load failed), by name. */
  private readonly failures = new Map<string, string>();
  /** Loads and unloads under way, by model: one at a time per model. */
  private readonly pending = new Map<string, Promise<unknown>>();

  constructor(private readonly props: ServedModelsProps) {}

  /** Loads every model in the repository; a model that fails is reported in the index, not thrown. */
  async loadAll(): Promise<void> {
    await this.props.beforeLoad?.();
    const listing = await listModelRepository(this.props.repository);
    await Promise.all(listing.models.map((model) => this.loadModel(model.name, false).catch(() => undefined)));
  }

  /**
   * Loads (or reloads) a model from the repository as it is now. On failure the model keeps serving
   * what it served before, and the error names the model, the file and what was wrong.
   */
  load(name: string): Promise<ServedModel> {
    return this.loadModel(name, true);
  }

  /** Stops serving a model: its requests in flight finish first. */
  unload(name: string): Promise<void> {
    return this.serialized(name, async () => {
      const served = this.served.get(name);
      if (served === undefined) throw new ServiceError('not-found', `model '${name}' is not loaded`);
      this.served.delete(name);
      await Promise.all(served.versions.map((version) => this.unloadVersion(name, version)));
    });
  }

  /**
   * The version a request names, or the highest one served (as Triton picks when none is named).
   * Throws 'not-found' naming what is served.
   */
  resolve(name: string, version?: string): { model: LoadedModel; config: TritonModelConfig } {
    const served = this.served.get(name);
    if (served === undefined) {
      const failure = this.failures.get(name);
      throw new ServiceError('not-found', `Request for unknown model: '${name}' is not found${failure === undefined ? '' : ` (its last load failed: ${failure})`}`);
    }
    const chosen = version ?? served.versions[served.versions.length - 1]!;
    const model = this.props.runtime.get({ name, version: chosen });
    if (model === undefined || !served.versions.includes(chosen)) {
      throw new ServiceError('not-found', `Request for unknown model: '${name}' version ${chosen} is not found (served versions: ${served.versions.join(', ')})`);
    }
    return { model, config: served.config };
  }

  /** The models served now, by name. */
  get models(): ReadonlyMap<string, ServedModel> {
    return this.served;
  }

  /** Every model in the repository or served, with its state and, when not served, why. */
  async index(): Promise<RepositoryIndexEntry[]> {
    const listing = await listModelRepository(this.props.repository);
    const names = new Set([...listing.models.map((model) => model.name), ...this.served.keys()]);
    return [...names].sort().flatMap((name): RepositoryIndexEntry[] => {
      const served = this.served.get(name);
      if (served) return served.versions.map((version) => ({ name, version, state: 'READY', reason: '' }));
      const failure = this.failures.get(name);
      return [failure === undefined ? { name } : { name, state: 'UNAVAILABLE', reason: failure }];
    });
  }

  /** Stops serving everything; requests in flight finish. */
  async close(): Promise<void> {
    await Promise.all([...this.served.keys()].map((name) => this.unload(name).catch(() => undefined)));
  }

  private loadModel(name: string, refresh: boolean): Promise<ServedModel> {
    return this.serialized(name, async () => {
      try {
        if (refresh) await this.props.beforeLoad?.();
        const served = await this.loadNow(await this.find(name));
        this.failures.delete(name);
        return served;
      } catch (error) {
        const refusal = asServiceError(error);
        if (refusal.kind !== 'not-found') this.failures.set(name, refusal.message);
        throw refusal;
      }
    });
  }

  private async find(name: string): Promise<RepositoryModel> {
    const listing = await listModelRepository(this.props.repository);
    const model = listing.models.find((candidate) => candidate.name === name);
    if (model === undefined) {
      const ignored = listing.ignored.find((entry) => entry.path.split('/').pop() === name);
      throw new ServiceError('not-found', `no model '${name}' in the model repository ${this.props.repository}${ignored ? `: ${ignored.reason}` : ''}`);
    }
    return model;
  }

  private async loadNow(model: RepositoryModel): Promise<ServedModel> {
    const config = parseTritonConfig(await readFile(model.configPath, 'utf8'), model.configPath);
    if (config.name !== '' && config.name !== model.name) {
      throw new ServiceError('invalid', `${model.configPath}: name "${config.name}" differs from its folder "${model.name}"; they must match`);
    }
    const wanted = servedVersions(config, model.versions.map((version) => version.version));
    if (wanted.length === 0) throw new ServiceError('invalid', `model '${model.name}': its version policy serves none of the versions in the repository (${model.versions.map((v) => v.version).join(', ') || 'none'})`);
    const runtime = runtimeConfig({ ...config, name: model.name });
    for (const version of wanted) {
      const file = model.versions.find((candidate) => candidate.version === version)!.path;
      await checkModelFile(file, { maxBytes: this.props.maxModelBytes, label: `model '${model.name}' version ${version} (${file})` });
      await this.props.runtime.load({ name: model.name, version: String(version) }, file, runtime);
    }
    const versions = wanted.map(String);
    const dropped = this.served.get(model.name)?.versions.filter((version) => !versions.includes(version)) ?? [];
    const served = { config: { ...config, name: model.name }, versions };
    this.served.set(model.name, served);
    await Promise.all(dropped.map((version) => this.unloadVersion(model.name, version)));
    return served;
  }

  private async unloadVersion(name: string, version: string): Promise<void> {
    await this.props.runtime.unload({ name, version }).catch(() => undefined);
    this.props.onUnloaded?.(name, version);
  }

  private serialized<T>(name: string, work: () => Promise<T>): Promise<T> {
    const previous = this.pending.get(name) ?? Promise.resolve();
    const next = previous.then(work, work);
    const settled = next.catch(() => undefined);
    this.pending.set(name, settled);
    void settled.then(() => {
      if (this.pending.get(name) === settled) this.pending.delete(name);
    });
    return next;
  }
}

function asServiceError(error: unknown): ServiceError {
  if (error instanceof ServiceError) return error;
  if (error instanceof ModelError) return error.toServiceError();
  return new ServiceError('invalid', (error as Error).message);
}

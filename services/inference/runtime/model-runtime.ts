import { ServiceError } from '../../kit/server/errors';
import type { InferenceObserver, InferenceRequest, InferenceResult, ModelVersionRef } from './inference-request';
import { LoadedModel } from './loaded-model';
import type { RuntimeModelConfig } from './model-config';

export interface ModelRuntimeProps {
  /**
   * onnxruntime's intra-op threads per model instance.
   * @default 1
   */
  readonly intraOpThreads?: number;
  /** @default - no metrics */
  readonly observer?: InferenceObserver;
}

const key = (ref: ModelVersionRef) => `${ref.name}\u0000${ref.version}`;

/**
 * Every model version the server holds, by name and version: load, infer, unload, shut down. Loading
 * a version that is already loaded replaces it once the new one is ready (Triton's reload); the old
 * one finishes what it has queued.
 */
export class ModelRuntime {
  private readonly models = new Map<string, LoadedModel>();
  private closed = false;

  constructor(private readonly props: ModelRuntimeProps = {}) {}

  async load(ref: ModelVersionRef, file: string, config?: RuntimeModelConfig): Promise<LoadedModel> {
    if (this.closed) throw new ServiceError('unavailable', 'the inference runtime is shutting down');
    const model = await LoadedModel.load({ ref, file, config, intraOpThreads: this.props.intraOpThreads, observer: this.props.observer });
    if (this.closed) {
      await model.terminate();
      throw new ServiceError('unavailable', 'the inference runtime is shutting down');
    }
    const previous = this.models.get(key(ref));
    this.models.set(key(ref), model);
    await previous?.unload();
    return model;
  }

  /** The loaded version, or undefined. */
  get(ref: ModelVersionRef): LoadedModel | undefined {
    return this.models.get(key(ref));
  }

  /** Loaded versions, for the repository index. */
  list(): LoadedModel[] {
    return [...this.models.values()];
  }

  infer(ref: ModelVersionRef, request: InferenceRequest): Promise<InferenceResult> {
    const model = this.models.get(key(ref));
    if (model === undefined) {
      const error = new ServiceError('not-found', `model '${ref.name}' version '${ref.version}' is not loaded`);
      this.props.observer?.requestFailed?.(ref, error);
      return Promise.reject(error);
    }
    return model.infer(request);
  }

  /** Stops taking requests for the version, lets its queued and running requests finish, then stops its threads. */
  async unload(ref: ModelVersionRef): Promise<void> {
    const model = this.models.get(key(ref));
    if (model === undefined) throw new ServiceError('not-found', `model '${ref.name}' version '${ref.version}' is not loaded`);
    this.models.delete(key(ref));
    await model.unload();
  }

  /** Shutdown: every version finishes what it has queued, then every thread stops. */
  async close(): Promise<void> {
    this.closed = true;
    const models = [...this.models.values()];
    this.models.clear();
    await Promise.all(models.map((model) => model.unload()));
  }
}

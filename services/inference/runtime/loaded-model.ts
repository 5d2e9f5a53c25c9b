import { readFile } from 'node:fs/promises';
import { ServiceError } from '../../kit/server/errors';
import { nowNs } from './clock';
import type { InferenceObserver, InferenceRequest, InferenceResult, ModelVersionRef } from './inference-request';
import type { RuntimeModelConfig } from './model-config';
import { ModelInstance } from './model-instance';
import { ModelScheduler } from './model-scheduler';
import { type ModelSignature, modelSignature } from './model-signature';
import { checkRequest } from './request-check';
import { resolveConfig } from './resolve-config';

export interface LoadModelProps {
  readonly ref: ModelVersionRef;
  /** The version's ONNX file (`<repository>/<name>/<version>/model.onnx`). */
  readonly file: string;
  /** @default - no batching, one instance, the model's own inputs and outputs */
  readonly config?: RuntimeModelConfig;
  /**
   * onnxruntime's intra-op threads per instance. One keeps N instances on N cores from competing;
   * raise it for a model with few, large operators and few instances.
   * @default 1
   */
  readonly intraOpThreads?: number;
  /** @default - no metrics */
  readonly observer?: InferenceObserver;
}

/** A model version being served: its instances (worker threads), queue and signature. */
export class LoadedModel {
  private state: 'ready' | 'unloading' | 'unloaded' = 'ready';
  private unloading: Promise<void> | undefined;

  private constructor(
    readonly ref: ModelVersionRef,
    readonly signature: ModelSignature,
    private readonly scheduler: ModelScheduler,
    private readonly observer: InferenceObserver | undefined,
  ) {}

  /**
   * Reads the file once and starts `instanceCount` sessions from its bytes. Any problem (unreadable
   * file, not ONNX, a config that disagrees with the model) is a ServiceError 'invalid' naming the
   * model and file; no thread is left running.
   */
  static async load(props: LoadModelProps): Promise<LoadedModel> {
    const label = `model '${props.ref.name}' version '${props.ref.version}'`;
    const refuse = (problem: string) => new ServiceError('invalid', `cannot load ${label} from ${props.file}: ${problem}`);
    const intraOpThreads = props.intraOpThreads ?? 1;
    if (!Number.isSafeInteger(intraOpThreads) || intraOpThreads < 1) throw refuse(`intraOpThreads is ${intraOpThreads}; expected an integer from 1`);
    let config;
    try {
      config = resolveConfig(props.config ?? {});
    } catch (error) {
      throw refuse((error as Error).message);
    }
    let model: Buffer;
    try {
      model = await readFile(props.file);
    } catch (error) {
      throw refuse((error as Error).message);
    }
    const start = (index: number) => ModelInstance.start(index, { model, intraOpThreads });
    const started = await Promise.allSettled(Array.from({ length: config.instanceCount }, (_, index) => start(index)));
    const instances = started.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
    const failure = started.find((outcome) => outcome.status === 'rejected');
    let signature: ModelSignature;
    try {
      if (failure) throw new Error(`onnxruntime: ${(failure.reason as Error).message}`);
      signature = modelSignature(instances[0]!.signature, props.config ?? {});
    } catch (error) {
      await Promise.all(instances.map((instance) => instance.terminate()));
      throw refuse((error as Error).message);
    }
    const scheduler = new ModelScheduler({
      ref: props.ref,
      label,
      batching: config.maxBatchSize > 0,
      policy: config.batchPolicy,
      instances,
      restart: start,
      observer: props.observer,
    });
    return new LoadedModel(props.ref, signature, scheduler, props.observer);
  }

  get label(): string {
    return `model '${this.ref.name}' version '${this.ref.version}'`;
  }

  /** Ready to infer: loaded and not unloading. */
  get ready(): boolean {
    return this.state === 'ready';
  }

  /** Instances running a batch right now. */
  get busyInstances(): number {
    return this.scheduler.busyInstances;
  }

  /** Instances whose thread is running; 0 once unloaded. */
  get liveInstances(): number {
    return this.scheduler.liveInstances;
  }

  /**
   * Checks the request against the model (ServiceError 'invalid' naming each input at fault), queues
   * it and resolves with its outputs and timing. A request the model itself fails on gets 'invalid'
   * with onnxruntime's message; other requests in its batch are unaffected.
   */
  infer(request: InferenceRequest): Promise<InferenceResult> {
    const arrivedNs = nowNs();
    try {
      if (this.state !== 'ready') throw new ServiceError('unavailable', `${this.label} is ${this.state}`);
      return this.scheduler.submit(checkRequest(this.label, this.signature, request), arrivedNs);
    } catch (error) {
      this.observer?.requestFailed?.(this.ref, error as Error);
      return Promise.reject(error);
    }
  }

  /** Refuses new requests, lets every queued and running one finish, then stops the threads. */
  unload(): Promise<void> {
    if (this.unloading === undefined) {
      this.state = 'unloading';
      this.unloading = this.scheduler
        .drain()
        .then(() => this.scheduler.close())
        .then(() => {
          this.state = 'unloaded';
        });
    }
    return this.unloading;
  }

  /** Stops the threads now: queued and running requests fail as unavailable. */
  async terminate(): Promise<void> {
    this.state = 'unloaded';
    await this.scheduler.close();
  }
}

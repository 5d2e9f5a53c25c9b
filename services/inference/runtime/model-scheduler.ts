import { ServiceError } from '../../kit/server/errors';
import type { NamedTensor } from '../tensor';
import { type BatchPolicy, planBatch, type QueuedRequest } from './batch-planner';
import { fromHrtime, nowNs } from './clock';
import type { InferenceObserver, InferenceResult, ModelVersionRef } from './inference-request';
import { type ExecutionResult, InstanceStoppedError, type ModelInstance } from './model-instance';
import type { CheckedRequest } from './request-check';
import { concatenateData, splitRows } from './tensor-batching';

interface Entry extends QueuedRequest {
  readonly request: CheckedRequest;
  readonly arrivedNs: number;
  alone: boolean;
  resolve(result: InferenceResult): void;
  reject(error: Error): void;
}

export interface ModelSchedulerProps {
  readonly ref: ModelVersionRef;
  /** How messages name the model version. */
  readonly label: string;
  /** True when requests carry a batch dimension (max_batch_size > 0). */
  readonly batching: boolean;
  /** @default - each request runs alone */
  readonly policy?: BatchPolicy;
  readonly instances: readonly ModelInstance[];
  /** Starts a replacement for an instance whose thread stopped; without it the pool shrinks. */
  readonly restart?: (index: number) => Promise<ModelInstance>;
  readonly observer?: InferenceObserver;
}

/**
 * A model version's queue and its instances: forms batches as Triton's dynamic batcher does
 * (batch-planner.ts), gives each to a free instance (N instances, up to N batches at once), splits the
 * outputs back per request and times each request.
 */
export class ModelScheduler {
  private readonly queue: Entry[] = [];
  private readonly idle: ModelInstance[];
  private readonly busy = new Set<ModelInstance>();
  private restarting = 0;
  private timer: NodeJS.Timeout | undefined;
  private draining = false;
  private closed = false;
  private whenDrained: (() => void) | undefined;

  constructor(private readonly props: ModelSchedulerProps) {
    this.idle = [...props.instances];
    for (const instance of props.instances) this.watch(instance);
  }

  /** Instances running a batch right now. */
  get busyInstances(): number {
    return this.busy.size;
  }

  /** Instances whose thread is running (idle or busy); 0 once closed. */
  get liveInstances(): number {
    return [...this.idle, ...this.busy].filter((instance) => instance.alive).length;
  }

  /** Queues a checked request; resolves with its outputs once its batch has run. */
  submit(request: CheckedRequest, arrivedNs: number): Promise<InferenceResult> {
    if (this.draining) return Promise.reject(new ServiceError('unavailable', `${this.props.label} is unloading`));
    return new Promise((resolve, reject) => {
      this.queue.push({ request, arrivedNs, queuedNs: nowNs(), batchSize: request.batchSize, shapeKey: request.shapeKey, alone: false, resolve, reject });
      this.schedule();
    });
  }

  /** Refuses new requests, runs every queued one without waiting for company, and resolves when all have finished. */
  drain(): Promise<void> {
    this.draining = true;
    return new Promise((resolve) => {
      this.whenDrained = resolve;
      this.schedule();
    });
  }

  /** Stops every instance now: queued requests and batches under way fail as unavailable. */
  async close(): Promise<void> {
    this.draining = true;
    this.closed = true;
    clearTimeout(this.timer);
    for (const entry of this.queue.splice(0)) this.fail(entry, this.unloaded());
    await Promise.all([...this.idle.splice(0), ...this.busy].map((instance) => instance.terminate()));
  }

  private unloaded(): ServiceError {
    return new ServiceError('unavailable', `${this.props.label} was unloaded before this request ran`);
  }

  private schedule(): void {
    if (this.closed) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    while (this.queue.length > 0 && this.idle.length > 0) {
      const plan = planBatch(this.queue, this.props.policy, nowNs(), this.draining);
      if ('waitNs' in plan) {
        this.timer = setTimeout(() => this.schedule(), Math.max(1, Math.ceil(plan.waitNs / 1e6)));
        break;
      }
      void this.execute(this.idle.shift()!, this.queue.splice(0, plan.take));
    }
    if (this.queue.length > 0 && this.idle.length === 0 && this.busy.size === 0 && this.restarting === 0) {
      for (const entry of this.queue.splice(0)) this.fail(entry, new ServiceError('unavailable', `${this.props.label} has no running instance`));
    }
    if (this.draining && this.queue.length === 0 && this.busy.size === 0 && this.restarting === 0) this.whenDrained?.();
  }

  private assemble(batch: readonly Entry[]): NamedTensor[] {
    const first = batch[0]!.request;
    const rows = batch.reduce((sum, entry) => sum + entry.batchSize, 0);
    return first.inputs.map((input, at) => ({
      name: input.name,
      datatype: input.datatype,
      shape: this.props.batching ? [rows, ...input.shape.slice(1)] : input.shape,
      // Always a new array: the batch's buffers are transferred to the thread, the caller's stay intact.
      data: concatenateData(batch.map((entry) => entry.request.inputs[at]!.data)),
    }));
  }

  private split(batch: readonly Entry[], result: ExecutionResult): NamedTensor[][] {
    if (batch.length === 1) return [batch[0]!.request.outputs.map((name) => result.outputs.find((output) => output.name === name)!)];
    const rows = batch.map((entry) => entry.batchSize);
    const parts = new Map<string, NamedTensor[]>();
    for (const output of result.outputs) {
      try {
        parts.set(output.name, splitRows(output, rows).map((part) => ({ name: output.name, ...part })));
      } catch (error) {
        throw new Error(`output '${output.name}' cannot be split between the batch's requests: ${(error as Error).message}`);
      }
    }
    return batch.map((entry, at) => entry.request.outputs.map((name) => parts.get(name)![at]!));
  }

  private async execute(instance: ModelInstance, batch: Entry[]): Promise<void> {
    this.busy.add(instance);
    const dispatchedNs = nowNs();
    const outputNames = [...new Set(batch.flatMap((entry) => entry.request.outputs))];
    try {
      const result = await instance.execute(this.assemble(batch), outputNames);
      const outputs = this.split(batch, result);
      const doneNs = nowNs();
      const [inferStart, inferEnd] = [fromHrtime(result.inferStart), fromHrtime(result.inferEnd)];
      const rows = batch.reduce((sum, entry) => sum + entry.batchSize, 0);
      this.props.observer?.batchExecuted?.(this.props.ref, rows, instance.index);
      batch.forEach((entry, at) => {
        const timing = {
          queueNs: dispatchedNs - entry.queuedNs,
          computeInputNs: inferStart - dispatchedNs,
          computeInferNs: inferEnd - inferStart,
          computeOutputNs: doneNs - inferEnd,
          requestNs: doneNs - entry.arrivedNs,
        };
        const answer: InferenceResult = { outputs: outputs[at]!, timing, batchSize: entry.batchSize, executionBatchSize: rows, instance: instance.index };
        this.props.observer?.requestSucceeded?.(this.props.ref, answer);
        entry.resolve(answer);
      });
    } catch (error) {
      this.failed(batch, error as Error);
    } finally {
      this.busy.delete(instance);
      if (instance.alive) this.idle.push(instance);
      this.schedule();
    }
  }

  private failed(batch: Entry[], error: Error): void {
    if (this.closed) {
      for (const entry of batch) this.fail(entry, this.unloaded());
    } else if (error instanceof InstanceStoppedError) {
      for (const entry of batch) this.fail(entry, new ServiceError('internal', `${this.props.label}: ${error.message} while running this request`));
    } else if (batch.length > 1) {
      // One request's data can fail a whole batch (an index out of range): each runs again alone, so
      // only the one at fault gets the error.
      for (const entry of batch) entry.alone = true;
      this.queue.unshift(...batch);
    } else {
      this.fail(batch[0]!, new ServiceError('invalid', `${this.props.label} failed on this request's inputs: ${error.message}`));
    }
  }

  private fail(entry: Entry, error: Error): void {
    this.props.observer?.requestFailed?.(this.props.ref, error);
    entry.reject(error);
  }

  private watch(instance: ModelInstance): void {
    instance.onUnexpectedExit = () => {
      const at = this.idle.indexOf(instance);
      if (at >= 0) this.idle.splice(at, 1);
      const restart = this.props.restart;
      if (restart === undefined) return this.schedule();
      this.restarting += 1;
      restart(instance.index).then(
        (replacement) => {
          this.restarting -= 1;
          if (this.closed) return void replacement.terminate();
          this.watch(replacement);
          this.idle.push(replacement);
          this.schedule();
        },
        () => {
          this.restarting -= 1;
          this.schedule();
        },
      );
    };
  }
}

import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { NamedTensor } from '../tensor';
import { type RunReply, type ThreadSetup, type ThreadStatus, transferList, type WireValueInfo } from './model-wire';

/** What a session reports about its graph. */
export interface SessionSignature {
  readonly inputs: readonly WireValueInfo[];
  readonly outputs: readonly WireValueInfo[];
}

/** A successful execution: the batch's outputs and when the session ran (process.hrtime.bigint()). */
export interface ExecutionResult {
  readonly outputs: readonly NamedTensor[];
  readonly inferStart: bigint;
  readonly inferEnd: bigint;
}

/** An execution that onnxruntime refused or failed: the model, not the thread, is at fault. */
export class ExecutionError extends Error {}

/** The thread is gone (terminated, out of memory, a native crash): nothing it was running will answer. */
export class InstanceStoppedError extends Error {}

interface Pending {
  resolve(result: ExecutionResult): void;
  reject(error: Error): void;
}

/**
 * One instance of a model: an onnxruntime session in its own worker thread (model-thread.ts), running
 * one batch at a time. Inputs cross with their typed arrays transferred, outputs come back the same way.
 */
export class ModelInstance {
  private pending: Pending | undefined;
  private nextId = 0;
  private exited = false;
  /** Called once when the thread stops without terminate() having been called. */
  onUnexpectedExit: ((error: Error) => void) | undefined;

  private constructor(
    /** Its place in the model's pool, for timing and logs. */
    readonly index: number,
    readonly signature: SessionSignature,
    private readonly worker: Worker,
  ) {
    worker.on('message', (reply: RunReply) => this.settle(reply));
  }

  /** Starts a thread and its session; rejects with onnxruntime's message when the model does not load. */
  static start(index: number, setup: ThreadSetup): Promise<ModelInstance> {
    // Beside this file: in the source tree a loader of model-thread.ts, compiled (dist/, bundle) the thread itself.
    const worker = new Worker(path.join(__dirname, 'model-thread.cjs'), { workerData: setup });
    return new Promise((resolve, reject) => {
      let failure: Error | undefined;
      const onError = (error: Error) => (failure = error);
      const onEarlyExit = (code: number) => reject(failure ?? new Error(`the model thread stopped before its session was ready (exit code ${code})`));
      worker.on('error', onError);
      worker.on('exit', onEarlyExit);
      worker.once('message', (status: ThreadStatus) => {
        worker.off('exit', onEarlyExit);
        if (status.kind === 'load-failed') {
          // Settled once the thread is gone, so that a failed load leaves nothing running.
          const refusal = new Error(status.message);
          worker.terminate().then(
            () => reject(refusal),
            () => reject(refusal),
          );
          return;
        }
        const instance = new ModelInstance(index, { inputs: status.inputs, outputs: status.outputs }, worker);
        worker.on('exit', (code) => instance.stopped(failure ?? new InstanceStoppedError(`instance ${index} stopped (exit code ${code})`)));
        resolve(instance);
      });
    });
  }

  /** The worker's thread id, which tells instances apart in tests and logs. */
  get threadId(): number {
    return this.worker.threadId;
  }

  /** False once the thread has stopped. */
  get alive(): boolean {
    return !this.exited;
  }

  /**
   * Runs one batch. The inputs' typed arrays are transferred: each must own its whole buffer and is
   * unusable here afterwards.
   */
  execute(inputs: readonly NamedTensor[], outputs: readonly string[]): Promise<ExecutionResult> {
    if (this.exited) return Promise.reject(new InstanceStoppedError(`instance ${this.index} has stopped`));
    if (this.pending) return Promise.reject(new Error(`instance ${this.index} is already running a batch`));
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.worker.postMessage({ id: ++this.nextId, inputs, outputs }, transferList(inputs));
    });
  }

  /** Stops the thread; a batch under way fails with InstanceStoppedError. */
  async terminate(): Promise<void> {
    this.onUnexpectedExit = undefined;
    await this.worker.terminate();
    this.stopped(new InstanceStoppedError(`instance ${this.index} was terminated`));
  }

  private settle(reply: RunReply): void {
    const pending = this.pending;
    this.pending = undefined;
    if (reply.kind === 'result') pending?.resolve({ outputs: reply.outputs, inferStart: reply.inferStart, inferEnd: reply.inferEnd });
    else pending?.reject(new ExecutionError(reply.message));
  }

  private stopped(error: Error): void {
    if (this.exited) return;
    this.exited = true;
    const pending = this.pending;
    this.pending = undefined;
    pending?.reject(error instanceof InstanceStoppedError ? error : new InstanceStoppedError(`instance ${this.index} stopped: ${error.message}`));
    this.onUnexpectedExit?.(error);
  }
}

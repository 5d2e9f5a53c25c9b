import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { AnalysisRunner, AnalysisTaskName, AnalysisTasks } from '../monitor/analysis';
import { type ReplyMessage, type TaskMessage, decodeError } from './analysis-wire';

export interface AnalysisPoolProps {
  /**
   * Worker threads, started as work arrives. Each runs one task at a time; more tasks wait in order.
   * @default - os.availableParallelism()
   */
  readonly threads?: number;
}

interface Job {
  readonly message: TaskMessage;
  resolve(result: unknown): void;
  reject(error: Error): void;
}

interface Thread {
  readonly worker: Worker;
  job?: Job;
}

/**
 * Runs the monitor's analysis tasks (monitor/analysis.ts) in worker threads, so that the event loop stays
 * free for health checks, metrics and small requests while a large upload is parsed and compared.
 * Inputs and results are copied between threads (structured cloning).
 */
export class AnalysisPool implements AnalysisRunner {
  readonly threads: number;
  private readonly all = new Set<Thread>();
  private readonly idle: Thread[] = [];
  private readonly waiting: Job[] = [];
  private closed = false;

  constructor(props: AnalysisPoolProps = {}) {
    this.threads = props.threads ?? availableParallelism();
    if (!Number.isInteger(this.threads) || this.threads < 1) throw new RangeError(`threads must be a positive integer; found ${this.threads}`);
  }

  run<T extends AnalysisTaskName>(task: T, input: Parameters<AnalysisTasks[T]>[0]): Promise<ReturnType<AnalysisTasks[T]>> {
    if (this.closed) return Promise.reject(new Error('the analysis pool is closed'));
    return new Promise((resolve, reject) => {
      this.waiting.push({ message: { task, input }, resolve: resolve as (result: unknown) => void, reject });
      this.dispatch();
    });
  }

  /** Stops every thread; tasks under way or waiting fail. */
  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.waiting.splice(0)) job.reject(new Error('the analysis pool is closed'));
    await Promise.all([...this.all].map((thread) => thread.worker.terminate()));
  }

  private dispatch(): void {
    while (this.waiting.length > 0) {
      const thread = this.idle.pop() ?? (this.all.size < this.threads ? this.start() : undefined);
      if (thread === undefined) return;
      thread.job = this.waiting.shift();
      thread.worker.postMessage(thread.job?.message);
    }
  }

  private start(): Thread {
    // Beside this file: in the source tree a loader of analysis-thread.ts, compiled (dist/, bundle) the thread itself.
    const worker = new Worker(path.join(__dirname, 'analysis-thread.cjs'));
    const thread: Thread = { worker };
    let failure: Error | undefined;
    worker.on('message', (reply: ReplyMessage) => {
      const job = thread.job;
      thread.job = undefined;
      this.idle.push(thread);
      this.dispatch();
      if (reply.ok) job?.resolve(reply.result);
      else job?.reject(decodeError(reply.error));
    });
    worker.on('error', (error) => {
      failure = error;
    });
    worker.on('exit', (code) => {
      // A thread that dies (out of memory, a crash) fails its task only; the next task starts a new thread.
      this.all.delete(thread);
      const at = this.idle.indexOf(thread);
      if (at >= 0) this.idle.splice(at, 1);
      thread.job?.reject(failure ?? new Error(this.closed ? 'the analysis pool is closed' : `an analysis thread stopped (exit code ${code})`));
      if (!this.closed) this.dispatch();
    });
    this.all.add(thread);
    return thread;
  }
}

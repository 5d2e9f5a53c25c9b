import { parentPort } from 'node:worker_threads';
import { ANALYSIS_TASKS } from '../monitor/analysis';
import { type ReplyMessage, type TaskMessage, encodeError } from './analysis-wire';

/** One analysis thread of the pool (analysis-pool.ts): runs each task it is sent, one at a time. */
const port = parentPort;
if (port === null) throw new Error('analysis-thread runs in a worker thread of AnalysisPool');
port.on('message', ({ task, input }: TaskMessage) => {
  let reply: ReplyMessage;
  try {
    reply = { ok: true, result: (ANALYSIS_TASKS[task] as (input: unknown) => unknown)(input) };
  } catch (error) {
    reply = { ok: false, error: encodeError(error) };
  }
  port.postMessage(reply);
});

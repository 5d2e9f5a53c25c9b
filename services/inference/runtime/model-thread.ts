import { parentPort, workerData } from 'node:worker_threads';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { DATATYPE_INFO, type NamedTensor } from '../tensor';
import type { RunMessage, RunReply, ThreadSetup, ThreadStatus, WireValueInfo } from './model-wire';
import { transferList } from './model-wire';
import { v2DatatypeOf } from './ort-datatype';
import { ownedData } from './tensor-batching';

/**
 * One instance of a model (model-instance.ts): a single onnxruntime session in its own thread, so
 * that a slow model never holds up the server's event loop. Runs one batch at a time.
 */
const port = parentPort;
if (port === null) throw new Error('model-thread runs in a worker thread of a ModelInstance');
const setup = workerData as ThreadSetup;

function describe(values: readonly InferenceSession.ValueMetadata[]): WireValueInfo[] {
  return values.map((value) => (value.isTensor ? { name: value.name, isTensor: true, type: value.type, shape: [...value.shape] } : { name: value.name, isTensor: false, shape: [] }));
}

function toHost(name: string, tensor: Tensor): NamedTensor {
  const datatype = v2DatatypeOf(tensor.type);
  if (datatype === undefined) throw new Error(`output '${name}' has element type ${tensor.type}, which no v2 datatype carries`);
  return { name, datatype, shape: [...tensor.dims], data: ownedData(tensor.data as NamedTensor['data']) };
}

async function run(session: InferenceSession, message: RunMessage): Promise<RunReply> {
  const feeds: Record<string, Tensor> = {};
  for (const input of message.inputs) feeds[input.name] = new Tensor(DATATYPE_INFO[input.datatype].ort, input.data as Tensor.DataType, input.shape as number[]);
  const inferStart = process.hrtime.bigint();
  const results = await session.run(feeds, [...message.outputs]);
  const inferEnd = process.hrtime.bigint();
  const outputs = message.outputs.map((name) => toHost(name, results[name] as Tensor));
  return { kind: 'result', id: message.id, outputs, inferStart, inferEnd };
}

async function main(): Promise<void> {
  let session: InferenceSession;
  try {
    session = await InferenceSession.create(setup.model, {
      executionProviders: ['cpu'],
      // Instances are the unit of parallelism: each session keeps to its own thread budget, so that
      // N instances on N cores do not fight over onnxruntime's per-session thread pools.
      intraOpNumThreads: setup.intraOpThreads,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
      // Failures reach the caller as errors; onnxruntime's own log lines would repeat them on stderr.
      logSeverityLevel: 4,
    });
  } catch (error) {
    port?.postMessage({ kind: 'load-failed', message: (error as Error).message } satisfies ThreadStatus);
    return;
  }
  port?.on('message', (message: RunMessage) => {
    run(session, message).then(
      (reply) => port.postMessage(reply, reply.kind === 'result' ? transferList(reply.outputs) : []),
      (error: unknown) => port.postMessage({ kind: 'failed', id: message.id, message: error instanceof Error ? error.message : String(error) } satisfies RunReply),
    );
  });
  port?.postMessage({ kind: 'ready', inputs: describe(session.inputMetadata), outputs: describe(session.outputMetadata) } satisfies ThreadStatus);
}

void main();

import type { NamedTensor } from '../tensor';

/** What a model thread is started with (its workerData). */
export interface ThreadSetup {
  /** The ONNX file's bytes: read once by the runtime, copied to each thread. */
  readonly model: Uint8Array;
  /** onnxruntime's intra-op threads for this session. */
  readonly intraOpThreads: number;
}

/** A graph input or output as onnxruntime reports it, in a form that crosses threads. */
export interface WireValueInfo {
  readonly name: string;
  /** False for sequences and maps (a ZipMap's output), which no v2 datatype carries. */
  readonly isTensor: boolean;
  /** onnxruntime's element type (`float32`, `string`); undefined for a non-tensor. */
  readonly type?: string;
  /** Fixed sizes and symbolic names (`N`); empty when the model leaves the shape open. */
  readonly shape: readonly (number | string)[];
}

/** A model thread's first message: its session is ready, or could not be created. */
export type ThreadStatus =
  | { readonly kind: 'ready'; readonly inputs: readonly WireValueInfo[]; readonly outputs: readonly WireValueInfo[] }
  | { readonly kind: 'load-failed'; readonly message: string };

/** One execution: a batch's inputs (typed arrays transferred) and the outputs to fetch. */
export interface RunMessage {
  readonly id: number;
  readonly inputs: readonly NamedTensor[];
  readonly outputs: readonly string[];
}

/**
 * An execution's outcome. The timestamps are process.hrtime.bigint() readings, one clock for every
 * thread of the process, so the runtime can place the session's run inside the request's timeline.
 */
export type RunReply =
  | {
      readonly kind: 'result';
      readonly id: number;
      readonly outputs: readonly NamedTensor[];
      readonly inferStart: bigint;
      readonly inferEnd: bigint;
    }
  | { readonly kind: 'failed'; readonly id: number; readonly message: string };

/**
 * The transfer list for tensors: each typed array's buffer, which must then hold that array alone
 * (see ownedCopy); strings are copied by structured cloning.
 */
export function transferList(tensors: readonly NamedTensor[]): ArrayBuffer[] {
  const buffers: ArrayBuffer[] = [];
  for (const tensor of tensors) if (!Array.isArray(tensor.data)) buffers.push((tensor.data as Exclude<NamedTensor['data'], string[]>).buffer as ArrayBuffer);
  return buffers;
}

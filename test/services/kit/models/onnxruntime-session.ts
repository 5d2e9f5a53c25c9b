import { InferenceSession } from 'onnxruntime-node';

/**
 * A real onnxruntime session on one thread each way: the machine has 2 cores, shared with jest's other
 * worker (with a thread pool per core, jest's worker was at times too slow to exit and was killed).
 */
export function openSession(bytes: Uint8Array): Promise<InferenceSession> {
  return InferenceSession.create(bytes, { intraOpNumThreads: 1, interOpNumThreads: 1 });
}

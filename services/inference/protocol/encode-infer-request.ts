import type { RequestedOutput } from './decode-infer-request';
import { type EncodedInferBody, encodeTensorList, type OutgoingTensor } from './encode-tensor-list';
import type { ParameterValue } from './infer-parameters';

/** An inference request as a client (a test, a benchmark, another Plinth service) builds it. */
export interface InferRequest {
  /** @default - none */
  readonly id?: string;
  /** @default - none */
  readonly parameters?: Readonly<Record<string, ParameterValue>>;
  /** Inputs; `binary` ones follow the JSON as binary data with binary_data_size. */
  readonly inputs: readonly OutgoingTensor[];
  /** The outputs to return. @default - every output, in JSON unless parameters.binary_data_output */
  readonly outputs?: readonly RequestedOutput[];
}

/** Encodes a request as Triton's clients do, so that decodeInferRequest reads it back. */
export function encodeInferRequest(request: InferRequest): EncodedInferBody {
  const encoded = encodeTensorList({ members: [['id', request.id], ['parameters', request.parameters]], listKey: 'inputs' }, request.inputs);
  if (request.outputs === undefined) return encoded;
  const outputs = `,"outputs":[${request.outputs.map(requestedOutputJson).join(',')}]}`;
  if (encoded.contentType === 'application/json') return { contentType: encoded.contentType, body: encoded.body.slice(0, -1) + outputs };
  const header = Buffer.concat([encoded.chunks[0].subarray(0, -1), Buffer.from(outputs, 'utf8')]);
  return { contentType: encoded.contentType, headerLength: header.byteLength, chunks: [header, ...encoded.chunks.slice(1)] };
}

function requestedOutputJson(output: RequestedOutput): string {
  const parameters = { binary_data: output.binary, ...(output.classification === undefined ? {} : { classification: output.classification }) };
  return `{"name":${JSON.stringify(output.name)},"parameters":${JSON.stringify(parameters)}}`;
}

import { ServiceError } from '../../kit/server/errors';
import { elementCount, type NamedTensor } from '../tensor';
import { writeBinaryData } from './binary-tensor-data';
import type { ParameterValue } from './infer-parameters';
import { parameterNumberText } from './json-number-text';
import { tensorDataJson } from './json-tensor-text';

/** A tensor to send: in JSON, or as binary data after the JSON. */
export interface OutgoingTensor extends NamedTensor {
  /** Send the elements as binary data. @default false */
  readonly binary?: boolean;
  /** The tensor's own parameters; binary_data_size is added for binary tensors. @default - none */
  readonly parameters?: Readonly<Record<string, ParameterValue>>;
}

/** A request or response body, ready for the HTTP layer. */
export type EncodedInferBody =
  | { readonly contentType: 'application/json'; readonly body: string }
  | {
      readonly contentType: 'application/octet-stream';
      /** The value of the Inference-Header-Content-Length header: the byte length of `chunks[0]`, the JSON. */
      readonly headerLength: number;
      /** The JSON header, then each binary tensor's bytes (views of the tensors' memory, not copies). */
      readonly chunks: readonly Buffer[];
    };

/** The JSON members before the tensor list (e.g. `"id":"1","model_name":"m"`), and the list's key. */
export interface TensorListEnvelope {
  readonly members: ReadonlyArray<readonly [string, string | Readonly<Record<string, ParameterValue>> | undefined]>;
  readonly listKey: 'inputs' | 'outputs';
}

/**
 * Writes a v2 body holding `tensors` under `listKey`. With no binary bytes to send it is plain JSON; otherwise
 * the JSON header followed by each binary tensor's bytes in list order (Triton, too, answers in JSON when every
 * binary output is empty).
 */
export function encodeTensorList(envelope: TensorListEnvelope, tensors: readonly OutgoingTensor[]): EncodedInferBody {
  const chunks: Buffer[] = [];
  const entries = tensors.map((tensor) => {
    checkElementCount(tensor);
    const head = `{"name":${JSON.stringify(tensor.name)},"datatype":"${tensor.datatype}","shape":[${tensor.shape.join(',')}]`;
    if (!tensor.binary) {
      return `${head}${tensor.parameters === undefined ? '' : `,"parameters":${parametersJson(tensor.parameters)}`},"data":${tensorDataJson(tensor.datatype, tensor.data)}}`;
    }
    const bytes = writeBinaryData(tensor.data);
    if (bytes.byteLength > 0) chunks.push(bytes);
    return `${head},"parameters":${parametersJson({ ...tensor.parameters, binary_data_size: bytes.byteLength })}}`;
  });
  const members = envelope.members
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${JSON.stringify(key)}:${typeof value === 'string' ? JSON.stringify(value) : parametersJson(value ?? {})}`);
  const json = `{${[...members, `"${envelope.listKey}":[${entries.join(',')}]`].join(',')}}`;
  if (chunks.length === 0) return { contentType: 'application/json', body: json };
  const header = Buffer.from(json, 'utf8');
  return { contentType: 'application/octet-stream', headerLength: header.byteLength, chunks: [header, ...chunks] };
}

/** Parameters as JSON, with 64-bit integers as their exact digits and non-finite numbers as Triton writes them. */
function parametersJson(parameters: Readonly<Record<string, ParameterValue>>): string {
  const members = Object.entries(parameters).map(([key, value]) => {
    const text = typeof value === 'number' || typeof value === 'bigint' ? parameterNumberText(value) : JSON.stringify(value);
    return `${JSON.stringify(key)}:${text}`;
  });
  return `{${members.join(',')}}`;
}

/** A tensor whose data does not fill its shape is a bug in what produced it (a model runtime), not a bad request. */
function checkElementCount(tensor: NamedTensor): void {
  const expected = elementCount(tensor.shape);
  if (tensor.data.length !== expected) {
    throw new ServiceError('internal', `tensor "${tensor.name}" has ${tensor.data.length} elements, but its shape [${tensor.shape.join(',')}] holds ${expected}`);
  }
}

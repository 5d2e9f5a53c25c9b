import type { ParameterValue } from './infer-parameters';
import { type EncodedInferBody, encodeTensorList, type OutgoingTensor } from './encode-tensor-list';

/** A model's answer to an inference request, before encoding. */
export interface InferResponse {
  readonly modelName: string;
  /** The version that answered, as Triton reports it (a string of digits). */
  readonly modelVersion: string;
  /** The request's id, echoed. @default - none */
  readonly id?: string;
  /** @default - none */
  readonly parameters?: Readonly<Record<string, ParameterValue>>;
  /** The outputs, each `binary` when the request asked for it as binary data (see RequestedOutput.binary). */
  readonly outputs: readonly OutgoingTensor[];
}

/**
 * Encodes an inference response as Triton does: `{id?, model_name, model_version, parameters?, outputs}` in JSON,
 * or, when some output is binary and non-empty, that JSON as a header (binary outputs carry
 * parameters.binary_data_size instead of data) followed by their bytes. For the second form, the caller sends
 * Content-Type application/octet-stream and Inference-Header-Content-Length: headerLength.
 */
export function encodeInferResponse(response: InferResponse): EncodedInferBody {
  return encodeTensorList(
    {
      members: [
        ['id', response.id],
        ['model_name', response.modelName],
        ['model_version', response.modelVersion],
        ['parameters', response.parameters],
      ],
      listKey: 'outputs',
    },
    response.outputs,
  );
}

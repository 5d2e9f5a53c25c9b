import { EXIT_BAD_INPUT, UserFacingError } from '../../../core/exit-codes';
import { type ErrorKind, ServiceError } from '../server/errors';

/**
 * Why a model, its Triton configuration or its repository was refused. Every one is the caller's
 * input at fault (never the environment), so the CLI exits 2 and a service answers 4xx.
 */
export type ModelErrorCode =
  /** Not an ONNX model: empty, truncated, garbage, or a protobuf without a graph. */
  | 'not-onnx'
  /** Larger than the configured size cap. */
  | 'too-large'
  /** The bytes are not the ones the caller expected. */
  | 'sha256-mismatch'
  /** A node uses an operator outside the allow-list (a custom domain, or an unknown op). */
  | 'operator-not-allowed'
  /** A tensor's data lives in another file, which the gate has not checked. */
  | 'external-data'
  /** An input or output whose type Triton or onnxruntime cannot serve. */
  | 'unsupported-type'
  /** A config.pbtxt that is not valid text format, or asks for what Plinth does not honour. */
  | 'invalid-config'
  /** An argument to these functions is malformed (an expected digest that is not sha256 hex). */
  | 'invalid-argument';

const SERVICE_KIND: Record<ModelErrorCode, ErrorKind> = {
  'not-onnx': 'invalid',
  'too-large': 'too-large',
  'sha256-mismatch': 'invalid',
  'operator-not-allowed': 'invalid',
  'external-data': 'invalid',
  'unsupported-type': 'invalid',
  'invalid-config': 'invalid',
  'invalid-argument': 'invalid',
};

/** A refusal with a one-line message naming what was refused, where, and what would be accepted. */
export class ModelError extends UserFacingError {
  constructor(
    readonly code: ModelErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, EXIT_BAD_INPUT, options);
    this.name = 'ModelError';
  }

  /** The same refusal for a service's error mapper: 413 for too-large, 400 for the rest. */
  toServiceError(): ServiceError {
    return new ServiceError(SERVICE_KIND[this.code], `${this.code}: ${this.message}`);
  }
}

import { describeValue, invalid } from './invalid';

/** The header an HTTP request gives the JSON part's length in, when binary tensor data follows it. */
export const INFERENCE_HEADER_CONTENT_LENGTH = 'inference-header-content-length';

/** A request body split into its JSON text and the binary tensor data after it. */
export interface SplitInferBody {
  readonly json: string;
  /** The bytes after the JSON (empty without Inference-Header-Content-Length). */
  readonly binary: Uint8Array;
  /** Where `binary` starts in the body, for messages. */
  readonly binaryOffset: number;
  /** Whether the request gave Inference-Header-Content-Length (binary inputs need it). */
  readonly hasBinaryPart: boolean;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Splits `body` at `headerLength`, the value of the Inference-Header-Content-Length header (undefined when
 * absent: the whole body is JSON). A string body is taken as already-decoded JSON text.
 */
export function splitInferBody(body: Uint8Array | string, headerLength: string | number | undefined): SplitInferBody {
  if (headerLength === undefined) {
    return { json: typeof body === 'string' ? body : decodeHeader(body), binary: new Uint8Array(0), binaryOffset: 0, hasBinaryPart: false };
  }
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const length = typeof headerLength === 'number' ? headerLength : /^\s*\d{1,15}\s*$/.test(headerLength) ? Number(headerLength) : NaN;
  if (!Number.isSafeInteger(length) || length < 0 || length > bytes.byteLength) {
    throw invalid(`Inference-Header-Content-Length must be an integer from 1 to the body's length (${bytes.byteLength}), found ${describeValue(headerLength)}`);
  }
  if (length === 0) {
    throw invalid('Inference-Header-Content-Length 0 (a raw binary request without a JSON header) is not supported: send the JSON inference header first');
  }
  return { json: decodeHeader(bytes.subarray(0, length)), binary: bytes.subarray(length), binaryOffset: length, hasBinaryPart: true };
}

function decodeHeader(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw invalid('the request JSON is not valid UTF-8');
  }
}

/**
 * Memory for a request body of `contentLength` bytes, placed so that the binary part after a JSON header of
 * `headerLength` bytes starts 8-byte aligned. Typed arrays need aligned offsets, and Triton's clients send
 * headers of any length: read into this, fixed-size inputs decode as views of the body rather than copies
 * (every input after one whose size is not a multiple of its successor's element size is still copied).
 */
export function allocateInferBody(contentLength: number, headerLength: number | undefined): Buffer {
  const pad = headerLength !== undefined && Number.isSafeInteger(headerLength) && headerLength >= 0 ? (8 - (headerLength % 8)) % 8 : 0;
  return Buffer.from(new ArrayBuffer(pad + contentLength), pad, contentLength);
}

import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { inspectOnnxModel, type OnnxModelInspection } from './inspect-onnx-model';
import { ModelError } from './model-error';
import { type AllowedOperator, OperatorAllowList } from './operator-allow-list';

/**
 * The default size cap: 256 MiB. The tabular and small neural models Plinth's gates promote are
 * kilobytes to tens of megabytes; the cap bounds what one gate run holds in memory (the whole file is
 * read to hash and decode it) well below protobuf's own 2 GiB ceiling for a single message.
 */
export const DEFAULT_MAX_MODEL_BYTES = 256 * 1024 * 1024;

export interface ModelCheckOptions {
  /**
   * The sha256 the artifact must have (64 hex digits, optionally prefixed `sha256:`), e.g. the digest
   * recorded when the model was registered.
   * @default - the digest is computed and reported, not compared
   */
  readonly expectedSha256?: string;
  /** @default DEFAULT_MAX_MODEL_BYTES (256 MiB) */
  readonly maxBytes?: number;
  /**
   * Operators allowed beyond the standard ONNX and 'ai.onnx.ml' ones.
   * @default - none
   */
  readonly allowedOperators?: readonly AllowedOperator[];
  /**
   * What messages call the model (a file path, a registry name and version).
   * @default 'model' (checkModelFile: the path)
   */
  readonly label?: string;
}

/** A model that passed every check: its digest and what it contains. */
export interface ModelCheckReport {
  sha256: string;
  inspection: OnnxModelInspection;
}

const SHA256_HEX = /^(?:sha256:)?([0-9a-f]{64})$/i;

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MiB (${bytes} bytes)` : `${bytes} bytes`;
}

function checkSize(sizeBytes: number, maxBytes: number, label: string): void {
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 1) throw new ModelError('invalid-argument', `maxBytes must be a positive number of bytes, found ${maxBytes}`);
  if (sizeBytes > maxBytes) {
    throw new ModelError('too-large', `${label} is ${formatBytes(sizeBytes)}, over the limit of ${formatBytes(maxBytes)}; raise maxBytes if the model is meant to be this large`);
  }
}

function expectedDigest(expected: string | undefined): string | undefined {
  if (expected === undefined) return undefined;
  const match = SHA256_HEX.exec(expected.trim());
  if (!match) throw new ModelError('invalid-argument', `expected sha256 "${expected}" is not a sha256 digest: expected 64 hex digits, optionally prefixed "sha256:"`);
  return match[1]!.toLowerCase();
}

function checkExternalData(inspection: OnnxModelInspection, label: string): void {
  const external = inspection.externalTensors;
  if (external.length === 0) return;
  const named = external.map((tensor) => `${tensor.role} '${tensor.name}' in ${tensor.place}${tensor.location ? ` (data in '${tensor.location}')` : ''}`);
  throw new ModelError(
    'external-data',
    `${label} keeps tensor data outside the file, which the gate cannot check and a server would read from its disk: ${named.join('; ')}. ` +
      'Save the model with its weights inside (onnx.save(model, path, save_as_external_data=False); under 2 GiB)',
  );
}

/**
 * What the promotion gates run before anything executes a model, cheapest first: size, sha256, that
 * it is ONNX at all, no external data, only allowed operators. The first check that fails throws a
 * ModelError naming what and where; nothing is executed.
 */
export function checkModelBytes(bytes: Uint8Array, options: ModelCheckOptions = {}): ModelCheckReport {
  const label = options.label ?? 'model';
  const expected = expectedDigest(options.expectedSha256);
  checkSize(bytes.length, options.maxBytes ?? DEFAULT_MAX_MODEL_BYTES, label);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (expected !== undefined && expected !== sha256) {
    throw new ModelError('sha256-mismatch', `${label}: sha256 mismatch: expected ${expected}, found ${sha256}; the artifact is not the one that was registered`);
  }
  const inspection = inspectOnnxModel(bytes, { label });
  checkExternalData(inspection, label);
  new OperatorAllowList(options.allowedOperators).check(inspection.operators, label);
  return { sha256, inspection };
}

/** checkModelBytes for a local file, refusing one over the size cap before reading it. */
export async function checkModelFile(path: string, options: ModelCheckOptions = {}): Promise<ModelCheckReport> {
  const label = options.label ?? path;
  let bytes: Buffer;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new ModelError('invalid-argument', `${label} is not a file`);
    checkSize(info.size, options.maxBytes ?? DEFAULT_MAX_MODEL_BYTES, label);
    bytes = await readFile(path);
  } catch (error) {
    if (error instanceof ModelError) throw error;
    throw new ModelError('invalid-argument', `cannot read model file ${label}: ${(error as Error).message}`, { cause: error });
  }
  return checkModelBytes(bytes, { ...options, label });
}

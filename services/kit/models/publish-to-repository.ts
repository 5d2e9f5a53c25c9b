import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type ModelCheckReport, checkModelBytes, type ModelCheckOptions } from './check-model';
import { formatTritonConfig } from './format-triton-config';
import { ModelError } from './model-error';
import { CONFIG_FILE, listModelRepository, MODEL_FILE, MODEL_NAME } from './model-repository';
import { type TritonConfigOptions, tritonConfigForOnnx } from './triton-config-for-onnx';

export interface PublishOptions extends Omit<TritonConfigOptions, 'name'>, Pick<ModelCheckOptions, 'expectedSha256' | 'maxBytes'> {
  /**
   * The version folder to write.
   * @default - one above the highest version in the repository (1 for a new model)
   */
  readonly version?: number;
}

export interface PublishedModel {
  readonly name: string;
  readonly version: number;
  readonly sha256: string;
  /** The version's model.onnx. */
  readonly path: string;
  readonly check: ModelCheckReport;
}

/** What to write, once the model passed its checks and its version number is free. */
export interface PublicationPlan {
  readonly check: ModelCheckReport;
  /** The generated config.pbtxt. */
  readonly config: string;
  readonly version: number;
}

/**
 * The part of publishing that does not depend on where the repository lives: the name, the model kit's
 * safety checks, the generated config and the version number, given the versions already `taken`
 * (`repository` only names the repository in errors).
 */
export function planPublication(repository: string, name: string, bytes: Uint8Array, taken: readonly number[], options: PublishOptions): PublicationPlan {
  const label = `model '${name}'`;
  if (!MODEL_NAME.test(name)) throw new ModelError('invalid-argument', `${label}: a model name is letters, digits, '.', '_' and '-', not starting with '.' (it is a folder and a URL segment)`);
  const check = checkModelBytes(bytes, { expectedSha256: options.expectedSha256, maxBytes: options.maxBytes, label });
  const config = formatTritonConfig(tritonConfigForOnnx(check.inspection, { ...options, name }));
  const version = options.version ?? Math.max(0, ...taken) + 1;
  if (!Number.isSafeInteger(version) || version < 1) throw new ModelError('invalid-argument', `${label}: version ${version} must be a positive integer`);
  if (taken.includes(version)) throw new ModelError('invalid-argument', `${label} version ${version} is already in ${repository}: versions are immutable, publish version ${Math.max(...taken) + 1}`);
  return { check, config, version };
}

/**
 * Puts an ONNX model into a Triton model repository on the local file system as
 * `<name>/<version>/model.onnx`, with a `<name>/config.pbtxt` generated from its graph, after the
 * model kit's safety checks. The version folder appears whole or not at all (written beside, then
 * renamed), so a server polling the repository never loads half a file. An existing version is
 * refused: versions are immutable, publish a new one. Buckets: publish-to-artifact-store.ts.
 */
export async function publishToRepository(repository: string, name: string, bytes: Uint8Array, options: PublishOptions = {}): Promise<PublishedModel> {
  await mkdir(repository, { recursive: true });
  const existing = MODEL_NAME.test(name) ? (await listModelRepository(repository)).models.find((model) => model.name === name) : undefined;
  const { check, config, version } = planPublication(repository, name, bytes, existing?.versions.map((entry) => entry.version) ?? [], options);
  const folder = join(repository, name);
  const staging = join(folder, `.publishing-${version}-${process.pid}`);
  await mkdir(staging, { recursive: true });
  try {
    await writeFile(join(staging, MODEL_FILE), bytes);
    await writeFile(join(folder, `.${CONFIG_FILE}.${process.pid}`), config);
    await rename(staging, join(folder, String(version)));
    await rename(join(folder, `.${CONFIG_FILE}.${process.pid}`), join(folder, CONFIG_FILE));
  } finally {
    await rm(staging, { recursive: true, force: true });
    await rm(join(folder, `.${CONFIG_FILE}.${process.pid}`), { force: true });
  }
  return { name, version, sha256: check.sha256, path: join(folder, String(version), MODEL_FILE), check };
}

import type { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ModelError } from './model-error';

/**
 * A Triton model repository on the local file system:
 *
 *   <repository>/<model>/config.pbtxt
 *   <repository>/<model>/<version>/model.onnx      version: a positive integer, no leading zero
 */
export const CONFIG_FILE = 'config.pbtxt';
export const MODEL_FILE = 'model.onnx';

/**
 * Model folder names: letters, digits, '.', '_' and '-', not starting with '.', so a name is safe in
 * a path and a URL (`/v2/models/<name>`). Hidden folders (.git) are skipped as junk.
 */
export const MODEL_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;
/** As Triton reads version folders: digits, not starting with 0. */
export const VERSION_FOLDER = /^[1-9][0-9]*$/;

export function modelPaths(repository: string, model: string, version: number): { config: string; model: string } {
  return { config: join(repository, model, CONFIG_FILE), model: join(repository, model, String(version), MODEL_FILE) };
}

export interface RepositoryModelVersion {
  version: number;
  /** The version's model.onnx. */
  path: string;
}

export interface RepositoryModel {
  name: string;
  configPath: string;
  /** Ascending by number. */
  versions: RepositoryModelVersion[];
}

export interface IgnoredRepositoryEntry {
  path: string;
  reason: string;
}

export interface ModelRepositoryListing {
  /** Sorted by name. */
  models: RepositoryModel[];
  /** Everything that is not a model, a model's config or a version, with why, for logs and `plinth` output. */
  ignored: IgnoredRepositoryEntry[];
}

async function entries(folder: string): Promise<Dirent[]> {
  // By code unit, not locale: the same order on every machine.
  return (await readdir(folder, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Why an entry is not a folder to descend into, or undefined when it is one. Links are not followed: they could leave the repository. */
function notAFolder(entry: Dirent): string | undefined {
  if (entry.isSymbolicLink()) return 'a symbolic link (not followed)';
  return entry.isDirectory() ? undefined : 'not a folder';
}

async function listVersions(repository: string, model: string, ignored: IgnoredRepositoryEntry[]): Promise<{ configPath?: string; versions: RepositoryModelVersion[] }> {
  const folder = join(repository, model);
  let configPath: string | undefined;
  const versions: RepositoryModelVersion[] = [];
  for (const entry of await entries(folder)) {
    const path = join(folder, entry.name);
    if (entry.name === CONFIG_FILE && entry.isFile()) {
      configPath = path;
      continue;
    }
    const why = notAFolder(entry) ?? (VERSION_FOLDER.test(entry.name) ? undefined : `not a version folder: versions are positive integers without a leading zero (1, 2, 10)`);
    const version = Number(entry.name);
    if (why || !Number.isSafeInteger(version)) {
      ignored.push({ path, reason: why ?? 'version number too large' });
      continue;
    }
    const files = await entries(path);
    const onnx = files.find((file) => file.name === MODEL_FILE);
    if (!onnx || !onnx.isFile()) {
      ignored.push({ path, reason: `no ${MODEL_FILE} file in the version folder` });
      continue;
    }
    versions.push({ version, path: join(path, MODEL_FILE) });
    for (const file of files) if (file !== onnx) ignored.push({ path: join(path, file.name), reason: `not ${MODEL_FILE}` });
  }
  return { configPath, versions: versions.sort((a, b) => a.version - b.version) };
}

/**
 * Lists the models and versions of a local model repository. A folder that is not a model (no
 * config.pbtxt, no version with a model.onnx, a name that is not a model name) and anything else that
 * does not belong is left out and reported in `ignored` with its reason; the listing never fails on
 * junk. Refuses (ModelError 'invalid-argument') a repository path that is not a readable folder.
 */
export async function listModelRepository(repository: string): Promise<ModelRepositoryListing> {
  let top: Dirent[];
  try {
    top = await entries(repository);
  } catch (error) {
    throw new ModelError('invalid-argument', `model repository ${repository} is not a readable folder: ${(error as Error).message}`, { cause: error });
  }
  const models: RepositoryModel[] = [];
  const ignored: IgnoredRepositoryEntry[] = [];
  for (const entry of top) {
    const path = join(repository, entry.name);
    const why = notAFolder(entry) ?? (MODEL_NAME.test(entry.name) ? undefined : 'not a model name (letters, digits, ".", "_" and "-", not starting with ".")');
    if (why) {
      ignored.push({ path, reason: why });
      continue;
    }
    const found: IgnoredRepositoryEntry[] = [];
    let listed: Awaited<ReturnType<typeof listVersions>>;
    try {
      listed = await listVersions(repository, entry.name, found);
    } catch (error) {
      ignored.push({ path, reason: `unreadable: ${(error as Error).message}` });
      continue;
    }
    const { configPath, versions } = listed;
    if (!configPath) {
      ignored.push({ path, reason: `no ${CONFIG_FILE}: every model needs one (generate it with tritonConfigForOnnx)` });
    } else if (versions.length === 0) {
      ignored.push({ path, reason: `no version folder with a ${MODEL_FILE}` });
    } else {
      models.push({ name: entry.name, configPath, versions });
    }
    ignored.push(...found);
  }
  return { models, ignored };
}

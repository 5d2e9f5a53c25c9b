import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { parseArtifactLocation } from '../artifacts/artifact-location';
import { ArtifactNotFoundError, type ArtifactStore } from '../artifacts/artifact-store';
import { openArtifactStore } from '../artifacts/open-artifact-store';
import { CONFIG_FILE, MODEL_FILE, MODEL_NAME, VERSION_FOLDER } from './model-repository';
import { planPublication, type PublishedModel, type PublishOptions, publishToRepository } from './publish-to-repository';

/**
 * publishToRepository for a Triton model repository in an artifact store (an S3 or GCS prefix): the same
 * checks, config and version rules. The model file is written before the config, so a poller that sees a
 * new config finds its version complete (object stores have no rename to publish a folder at once).
 */
export async function publishToArtifactStore(store: ArtifactStore, name: string, bytes: Uint8Array, options: PublishOptions = {}): Promise<PublishedModel> {
  const entries = MODEL_NAME.test(name) ? await store.list(name) : [];
  const taken = entries.filter((entry) => entry.isDir).map((entry) => entry.path.split('/').pop()!).filter((folder) => VERSION_FOLDER.test(folder)).map(Number);
  const { check, config, version } = planPublication(store.root, name, bytes, taken, options);
  const modelPath = `${name}/${version}/${MODEL_FILE}`;
  await store.put(modelPath, Readable.from([Buffer.from(bytes)]), bytes.length);
  const configBytes = Buffer.from(config);
  await store.put(`${name}/${CONFIG_FILE}`, Readable.from([configBytes]), configBytes.length);
  return { name, version, sha256: check.sha256, path: `${store.root.replace(/\/+$/, '')}/${modelPath}`, check };
}

/** Publishes into a repository at a location: a folder (written atomically) or `s3://…` / `gs://…` (through the kit's artifact stores). */
export function publishToLocation(location: string, name: string, bytes: Uint8Array, options: PublishOptions = {}): Promise<PublishedModel> {
  const parsed = parseArtifactLocation(location);
  if (parsed.kind === 'folder') return publishToRepository(parsed.folder, name, bytes, options);
  return publishToArtifactStore(openArtifactStore(location), name, bytes, options);
}

/**
 * The sha256 of `<name>/<version>/model.onnx` in the repository at a location, or undefined when that version is
 * not there: lets a caller tell a version published before (the same bytes, nothing to do) from a different one.
 */
export async function publishedSha256(location: string, name: string, version: number): Promise<string | undefined> {
  const hash = createHash('sha256');
  try {
    for await (const chunk of await openArtifactStore(location).get(`${name}/${version}/${MODEL_FILE}`)) hash.update(chunk as Buffer);
  } catch (error) {
    if (error instanceof ArtifactNotFoundError) return undefined;
    throw error;
  }
  return hash.digest('hex');
}

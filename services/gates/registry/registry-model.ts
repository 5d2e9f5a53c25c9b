import { createHash } from 'node:crypto';
import { UserFacingError } from '../../../core/exit-codes';
import { MODEL_FILE } from '../../kit/models/model-repository';
import type { ModelVersion, RegisteredModel } from '../../tracking/client/messages';
import type { TrackingClient } from '../../tracking/client/tracking-client';
import { CHAMPION, TAGS, tagRecord } from './registry-tags';
import { isNotFound } from './tracking-connection';

/** The registry has no such model or version: the service answers 404, the CLI exits 2. */
export class NotInRegistryError extends UserFacingError {}

/** A model version's ONNX file as fetched from the registry, checked against the digest recorded at registration. */
export interface FetchedModel {
  readonly version: ModelVersion;
  readonly bytes: Buffer;
  readonly sha256: string;
  /** Where it was read: `<download URI>/model.onnx`. */
  readonly uri: string;
}

/**
 * The artifact-proxy path of an `mlflow-artifacts:` URI (`mlflow-artifacts:/1/<run>/artifacts/model` → `1/<run>/artifacts/model`).
 * Other schemes name a store this command does not read with the tracking server's credentials, so they are refused.
 */
export function artifactProxyPath(uri: string): string {
  const path = /^mlflow-artifacts:(?:\/\/[^/]*)?\/(.*)$/.exec(uri)?.[1]?.replace(/\/+$/, '');
  if (path === undefined || path === '') {
    throw new UserFacingError(`artifact URI ${uri}: the gates read models through the tracking server's artifact proxy, so sources must resolve to mlflow-artifacts:/… (runs:/<run_id>/model of a run in an experiment with the default artifact location)`);
  }
  return path;
}

export async function findRegisteredModel(client: TrackingClient, name: string): Promise<RegisteredModel> {
  try {
    return await client.getRegisteredModel(name);
  } catch (error) {
    if (isNotFound(error)) throw new NotInRegistryError(`--model ${name}: no registered model of this name in the tracking registry; register one with plinth gates register`, undefined, { cause: error });
    throw error;
  }
}

export async function findModelVersion(client: TrackingClient, name: string, version: string): Promise<ModelVersion> {
  const model = await findRegisteredModel(client, name);
  try {
    return await client.getModelVersion(name, version);
  } catch (error) {
    if (!isNotFound(error)) throw error;
    const known = (await client.searchModelVersions({ filter: `name = '${name.replace(/'/g, "\\'")}'` })).items.map((v) => Number(v.version)).sort((a, b) => a - b);
    const valid = known.length === 0 ? 'it has no versions yet' : `its versions: ${known.join(', ')}`;
    throw new NotInRegistryError(`--model-version ${version}: registered model '${model.name}' has no such version; ${valid}`, undefined, { cause: error });
  }
}

/** The version an alias points at, or undefined when the alias is not set (read from the model's alias list: MLflow answers a missing alias with a generic 400). */
export async function versionByAlias(client: TrackingClient, name: string, alias: string): Promise<ModelVersion | undefined> {
  const version = (await client.getRegisteredModel(name)).aliases?.find((entry) => entry.alias === alias)?.version;
  return version === undefined ? undefined : client.getModelVersion(name, version);
}

export function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Downloads a version's `model.onnx` (under its download URI, where MLflow's onnx flavor logs it) through the
 * artifact proxy and compares it with the `plinth.sha256` tag recorded at registration. A version without
 * that tag is refused too: a digest taken now would vouch for whatever the store holds today.
 */
export async function fetchModel(client: TrackingClient, version: ModelVersion, role = 'candidate'): Promise<FetchedModel> {
  const label = `${role} '${version.name}' version ${version.version}${role === CHAMPION ? ` (alias ${CHAMPION})` : ''}`;
  const expected = tagRecord(version.tags)[TAGS.sha256];
  if (expected === undefined || !/^[0-9a-f]{64}$/.test(expected)) {
    const found = expected === undefined ? 'has no' : `has a malformed (${JSON.stringify(expected.slice(0, 80))})`;
    throw new UserFacingError(`${label} ${found} ${TAGS.sha256} tag, so its artifact cannot be verified; register models with plinth gates register, which records the digest`);
  }
  const base = await client.getModelVersionDownloadUri(version.name, version.version);
  const uri = `${base.replace(/\/+$/, '')}/${MODEL_FILE}`;
  let bytes: Buffer;
  try {
    bytes = await client.downloadArtifact(artifactProxyPath(uri));
  } catch (error) {
    if (isNotFound(error)) throw new UserFacingError(`${label}: no ${MODEL_FILE} at ${uri}; the gates expect the ONNX file as ${MODEL_FILE} under the version's source, as MLflow's onnx flavor logs it`, undefined, { cause: error });
    throw error;
  }
  const sha256 = sha256Of(bytes);
  if (sha256 !== expected) {
    throw new UserFacingError(`${label}: the artifact was tampered with: ${uri} has sha256 ${sha256}, but ${expected} was recorded at registration (${TAGS.sha256}); nothing was evaluated or moved`);
  }
  return { version, bytes, sha256, uri };
}

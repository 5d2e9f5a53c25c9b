import { readFile } from 'node:fs/promises';
import { UserFacingError } from '../../../core/exit-codes';
import { checkModelBytes } from '../../kit/models/check-model';
import { MODEL_FILE } from '../../kit/models/model-repository';
import { MlflowApiError } from '../../tracking/client/http-transport';
import type { TrackingClient } from '../../tracking/client/tracking-client';
import { artifactProxyPath } from './registry-model';
import { TAGS } from './registry-tags';
import { type TrackingFlags, trackingClient, withTracking } from './tracking-connection';

export interface RegisterFlags extends TrackingFlags {
  readonly model: string;
  readonly onnx: string;
  /** @default - MLflow's Default experiment (id 0) */
  readonly experiment?: string;
  /** @default - the registered model's description is left as it is */
  readonly description?: string;
  readonly tag: Record<string, string>;
}

/** The artifact folder of the run, under which the ONNX file is logged (`<source>/model.onnx`). */
const MODEL_FOLDER = 'model';

async function experimentId(client: TrackingClient, name: string | undefined): Promise<string> {
  if (name === undefined) return '0';
  try {
    return (await client.getExperimentByName(name)).experiment_id;
  } catch (error) {
    if (error instanceof MlflowApiError && error.errorCode === 'RESOURCE_DOES_NOT_EXIST') return client.createExperiment(name);
    throw error;
  }
}

async function ensureRegisteredModel(client: TrackingClient, name: string, description: string | undefined): Promise<void> {
  try {
    await client.createRegisteredModel(name, description === undefined ? {} : { description });
  } catch (error) {
    if (!(error instanceof MlflowApiError && error.errorCode === 'RESOURCE_ALREADY_EXISTS')) throw error;
    if (description !== undefined) await client.updateRegisteredModel(name, description);
  }
}

/**
 * `plinth gates register`: checks an ONNX file (size, ONNX, no external data, standard operators), logs it as
 * `model/model.onnx` of a new run, and creates a model version from `runs:/<run>/model` with its sha256 in the
 * `plinth.sha256` tag and the lineage tags, in the same request, so no version exists without its digest.
 */
export async function registerCommand(flags: RegisterFlags): Promise<void> {
  const bytes = await readFile(flags.onnx).catch((error: NodeJS.ErrnoException) => {
    throw new UserFacingError(`--onnx ${flags.onnx}: cannot read it (${error.code ?? error.message})`);
  });
  const { sha256 } = checkModelBytes(bytes, { label: `--onnx ${flags.onnx}` });
  for (const key of Object.keys(flags.tag)) {
    if (key.startsWith('plinth.')) throw new UserFacingError(`--tag ${key}: tags starting with "plinth." are written by the gates; choose another name`);
  }
  const client = trackingClient(flags);
  const version = await withTracking(flags.trackingUrl, async () => {
    const run = await client.createRun({ experiment_id: await experimentId(client, flags.experiment), run_name: `register ${flags.model}` });
    const runId = run.info.run_id;
    await client.uploadArtifact(`${artifactProxyPath(run.info.artifact_uri)}/${MODEL_FOLDER}/${MODEL_FILE}`, bytes);
    await client.logBatch(runId, { tags: Object.entries(flags.tag).map(([key, value]) => ({ key, value })) });
    await client.updateRun(runId, { status: 'FINISHED', end_time: Date.now() });
    await ensureRegisteredModel(client, flags.model, flags.description);
    const tags = [{ key: TAGS.sha256, value: sha256 }, ...Object.entries(flags.tag).map(([key, value]) => ({ key, value }))];
    return client.createModelVersion({ name: flags.model, source: `runs:/${runId}/${MODEL_FOLDER}`, run_id: runId, tags });
  });
  process.stdout.write(`registered '${version.name}' version ${version.version} from ${flags.onnx} (sha256 ${sha256}), source ${version.source}\n`);
}

import type { Queryable } from '../../kit/database/database';
import { ServiceError } from '../../kit/server/errors';
import { findLoggedModel } from '../logged-models/logged-model-store';
import { findRun } from '../runs/run-store';

/**
 * Where a new version's files are, from its `source`. A `runs:/<run_id>/<path>` source resolves to
 * that run's artifacts, a `models:/m-<id>` source (MLflow 3's `log_model`) to that logged model's; local paths are refused (this server's disk is nobody's business) and so
 * are relative segments that could climb out of an artifact root, as MLflow's server does.
 */
export async function storageLocationOf(db: Queryable, source: string): Promise<string> {
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(source)?.[1];
  if (scheme === undefined || scheme === 'file') {
    throw new ServiceError(
      'invalid',
      `Invalid model version source: '${source}'. To use a local path as a model version source, the run_id request parameter has to be specified and the local path has to be contained within the artifact directory of the run specified by the run_id.`,
    );
  }
  let decoded = source;
  for (let previous = ''; previous !== decoded; ) {
    previous = decoded;
    decoded = safeDecode(decoded.replace(/\+/g, ' '));
  }
  if (decoded.includes('\0') || decoded.split('/').some((segment) => segment === '..')) {
    throw new ServiceError(
      'invalid',
      `Invalid model version source: '${source}'. If supplying a source as an http, https, local file path, ftp, objectstore, or mlflow-artifacts uri, an absolute path must be provided without relative path references present. Please provide an absolute path.`,
    );
  }
  const loggedModel = loggedModelOf(source);
  if (loggedModel) {
    const model = await findLoggedModel(db, loggedModel.modelId);
    return loggedModel.path ? `${model.artifact_location}/${loggedModel.path}` : model.artifact_location;
  }
  const runs = /^runs:\/([^/]+)\/?(.*)$/.exec(source);
  if (!runs) return source;
  const run = await findRun(db, runs[1]!);
  return runs[2] ? `${run.artifact_uri}/${runs[2]}` : run.artifact_uri;
}

/** `models:/m-<id>[/path]`: the logged model a source names, if it names one. */
export function loggedModelOf(source: string): { modelId: string; path: string } | undefined {
  const match = /^models:\/(m-[0-9a-f]{32})(?:\/(.*))?$/.exec(source);
  return match ? { modelId: match[1]!, path: match[2] ?? '' } : undefined;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

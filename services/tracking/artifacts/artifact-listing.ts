import { z } from 'zod';
import { checkArtifactPath } from '../../kit/artifacts/artifact-path';
import type { ArtifactStore } from '../../kit/artifacts/artifact-store';
import { ServiceError } from '../../kit/server/errors';
import { findLoggedModel } from '../logged-models/logged-model-store';
import { operation, required } from '../mlflow/operation';
import { compact } from '../mlflow/proto-json';
import { runIdInput, runIdOf } from '../runs/run-operations';
import { findRun } from '../runs/run-store';

/**
 * MLflow's ListArtifacts answer for an artifact root URI: the direct children of `path` under it,
 * with paths relative to the root (`model/MLmodel`), all on one page. Only roots served by this
 * server's artifact proxy (`mlflow-artifacts:/…`) can be listed; others belong to another store.
 */
async function listUnder(store: ArtifactStore, rootUri: string, path: string | undefined) {
  const root = /^mlflow-artifacts:(?:\/\/[^/]*)?\/(.*)$/.exec(rootUri)?.[1]?.replace(/\/+$/, '');
  if (root === undefined) {
    throw new ServiceError('invalid', `Artifacts at '${rootUri}' are not stored through this server; list them with a client for that store.`);
  }
  const relative = path ? checkArtifactPath(path) : '';
  if (relative === undefined) throw new ServiceError('invalid', `Invalid path: '${path}'. It must be relative to the artifact root and must not contain '..'.`);
  const directory = [root, relative].filter((part) => part !== '').join('/');
  const entries = await store.list(directory);
  return {
    root_uri: rootUri,
    files: entries.map((entry) => compact({ path: entry.path.slice(root === '' ? 0 : root.length + 1), is_dir: entry.isDir, file_size: entry.isDir ? null : entry.size })),
  };
}

/** `GET artifacts/list`: a run's artifacts (the MLflow UI's artifact browser, `MlflowClient.list_artifacts`). */
export const listArtifacts = operation({
  access: 'read',
  input: z.object({ ...runIdInput, path: z.string().optional(), page_token: z.string().optional() }),
  async handle(input, { context }) {
    const run = await findRun(context.db, runIdOf(input));
    return listUnder(context.artifacts, run.artifact_uri, input.path);
  },
});

/** `GET logged-models/{model_id}/artifacts/directories`: a logged model's files. */
export const listLoggedModelArtifacts = operation({
  access: 'read',
  input: z.object({ model_id: required(), artifact_directory_path: z.string().optional(), page_token: z.string().optional() }),
  async handle(input, { context }) {
    const model = await findLoggedModel(context.db, input.model_id);
    return listUnder(context.artifacts, model.artifact_location, input.artifact_directory_path);
  },
});

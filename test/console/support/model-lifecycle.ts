import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { artifactProxyPath } from '../../../services/gates/registry/registry-model';
import type { ConsoleStack } from './console-stack';

/** A service's answer: its status and JSON body (undefined when empty). */
export interface ServiceAnswer<T> {
  readonly status: number;
  readonly body: T;
}

/** A JSON call to one of the stack's services with a bearer token, straight from the test (not through the console). */
export async function serviceCall<T = unknown>(url: string, token: string, method: string, body?: unknown): Promise<ServiceAnswer<T>> {
  const response = await fetch(url, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: (text === '' ? undefined : JSON.parse(text)) as T };
}

/**
 * A version of `churn` as `plinth gates register` makes one, through the tracking API with the `ci` token: the ONNX
 * file logged as `model/model.onnx` of a run, the version created from `runs:/<run>/model` with its sha256 and a
 * `git_commit` lineage tag (the README policies require it). Returns the version number.
 */
export async function registerModelVersion(stack: ConsoleStack, onnx: string, commit: string): Promise<string> {
  const bytes = readFileSync(onnx);
  const run = await stack.tracking.createRun({ experiment_id: '0', run_name: `register churn ${commit}` });
  const runId = run.info.run_id;
  await stack.tracking.uploadArtifact(`${artifactProxyPath(run.info.artifact_uri)}/model/model.onnx`, bytes);
  await stack.tracking.logBatch(runId, { tags: [{ key: 'git_commit', value: commit }] });
  await stack.tracking.updateRun(runId, { status: 'FINISHED', end_time: Date.now() });
  if ((await stack.tracking.searchRegisteredModels({ filter: "name = 'churn'" })).items.length === 0) await stack.tracking.createRegisteredModel('churn');
  const version = await stack.tracking.createModelVersion({
    name: 'churn',
    source: `runs:/${runId}/model`,
    run_id: runId,
    tags: [
      { key: 'plinth.sha256', value: createHash('sha256').update(bytes).digest('hex') },
      { key: 'git_commit', value: commit },
    ],
  });
  return version.version;
}

/** A promotion of `churn` requested from the gates service by `ci`, as `plinth gates request` sends it. */
export async function requestPromotion(stack: ConsoleStack, version: string, policy: string): Promise<{ id: number; status: string }> {
  const answer = await serviceCall<{ promotion: { id: number; status: string } }>(`${stack.urls.gates}/api/gates/promotions`, stack.tokens.ci, 'POST', {
    model: 'churn',
    version,
    holdout: 'classifier-holdout.csv',
    policy: readFileSync(policy, 'utf8'),
  });
  if (answer.status !== 201) throw new Error(`promotion of churn version ${version}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body.promotion;
}

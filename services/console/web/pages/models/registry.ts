import { ApiError, getJson, proxyUrl } from '../../api';

/** A tag as the tracking server's registry answers it. */
export interface KeyValue {
  readonly key: string;
  readonly value?: string;
}

/** A model version as `model-versions/search` answers it (the fields the pages show). */
export interface ModelVersion {
  readonly name: string;
  readonly version: string;
  readonly creation_timestamp: number;
  readonly last_updated_timestamp?: number;
  readonly user_id?: string;
  readonly current_stage?: string;
  readonly description?: string;
  readonly source: string;
  readonly run_id?: string;
  readonly status: string;
  readonly status_message?: string;
  readonly tags?: readonly KeyValue[];
  readonly aliases?: readonly string[];
}

export interface RegisteredModel {
  readonly name: string;
  readonly creation_timestamp: number;
  readonly last_updated_timestamp: number;
  readonly description?: string;
  readonly latest_versions?: readonly ModelVersion[];
  readonly tags?: readonly KeyValue[];
  readonly aliases?: readonly { readonly alias: string; readonly version: string }[];
}

/** One page of a registry search; `next_page_token` is absent on the last page. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly nextPageToken?: string;
}

const MLFLOW = '/api/2.0/mlflow';

/** A string literal of the tracking filter syntax (`name = 'o''brien'`): a quote is doubled, as the tracking server's lexer reads it. */
export function filterString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

export async function searchRegisteredModels(options: { nameContains?: string; pageToken?: string; maxResults: number }): Promise<Page<RegisteredModel>> {
  const answer = await getJson<{ registered_models?: RegisteredModel[]; next_page_token?: string }>('tracking', `${MLFLOW}/registered-models/search`, {
    filter: options.nameContains ? `name ILIKE ${filterString(`%${options.nameContains}%`)}` : undefined,
    order_by: ['name ASC'],
    max_results: options.maxResults,
    page_token: options.pageToken,
  });
  return { items: answer.registered_models ?? [], ...(answer.next_page_token ? { nextPageToken: answer.next_page_token } : {}) };
}

export async function getRegisteredModel(name: string): Promise<RegisteredModel> {
  return (await getJson<{ registered_model: RegisteredModel }>('tracking', `${MLFLOW}/registered-models/get`, { name })).registered_model;
}

/** A model's versions, newest first. */
export async function searchModelVersions(name: string, options: { pageToken?: string; maxResults: number }): Promise<Page<ModelVersion>> {
  const answer = await getJson<{ model_versions?: ModelVersion[]; next_page_token?: string }>('tracking', `${MLFLOW}/model-versions/search`, {
    filter: `name = ${filterString(name)}`,
    order_by: ['version_number DESC'],
    max_results: options.maxResults,
    page_token: options.pageToken,
  });
  return { items: answer.model_versions ?? [], ...(answer.next_page_token ? { nextPageToken: answer.next_page_token } : {}) };
}

export async function getModelVersion(name: string, version: string): Promise<ModelVersion> {
  return (await getJson<{ model_version: ModelVersion }>('tracking', `${MLFLOW}/model-versions/get`, { name, version })).model_version;
}

/**
 * The console's URL of an `mlflow-artifacts:` URI (what the gates write in `plinth.model_card` and
 * `plinth.decision.report`), read through the tracking server's artifact proxy; undefined for another scheme,
 * which the console has no way to read.
 */
export function artifactUrl(uri: string): string | undefined {
  const path = /^mlflow-artifacts:(?:\/\/[^/]*)?\/(.+)$/.exec(uri)?.[1];
  if (path === undefined) return undefined;
  return proxyUrl('tracking', `/api/2.0/mlflow-artifacts/artifacts/${path.split('/').map(encodeURIComponent).join('/')}`);
}

/** A text artifact (the model card), through the proxy with the session's cookie. */
export async function fetchArtifactText(url: string): Promise<string> {
  const response = await fetch(url, { credentials: 'same-origin' });
  if (!response.ok) throw new ApiError(response.status, `The tracking server answered ${response.status} for ${decodeURIComponent(url.replace(/^.*\/artifacts\//, ''))}`, 'tracking');
  return response.text();
}

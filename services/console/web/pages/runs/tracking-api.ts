import { getJson, postJson, proxyUrl } from '../../api';

/** The parts of MLflow's messages (REST, JSON) that the run pages show. */
export interface Experiment {
  readonly experiment_id: string;
  readonly name: string;
  readonly lifecycle_stage?: string;
}

export interface KeyValue {
  readonly key: string;
  readonly value: string;
}

export interface Metric {
  readonly key: string;
  /** MLflow sends NaN and the infinities as strings. */
  readonly value: number | string;
  readonly timestamp: number;
  readonly step: number;
}

export interface Run {
  readonly info: {
    readonly run_id: string;
    readonly run_name?: string;
    readonly experiment_id: string;
    readonly user_id?: string;
    readonly status: string;
    readonly start_time?: number;
    readonly end_time?: number;
    readonly artifact_uri?: string;
    readonly lifecycle_stage?: string;
  };
  readonly data: { readonly metrics?: readonly Metric[]; readonly params?: readonly KeyValue[]; readonly tags?: readonly KeyValue[] };
}

export interface ArtifactFile {
  readonly path: string;
  readonly is_dir?: boolean;
  readonly file_size?: number;
}

const MLFLOW = '/api/2.0/mlflow';

/** What a run is called on the pages: its name, or its id when it has none. */
export function runLabel(run: Run): string {
  return run.info.run_name || run.info.run_id;
}

/** MLflow's JSON numbers: "NaN", "Infinity" and "-Infinity" arrive as strings. */
export function metricNumber(value: number | string): number {
  return typeof value === 'number' ? value : Number(value);
}

/** Every active experiment, by name (the tracking server answers up to 1,000 a page; the picker lists one page). */
export async function listExperiments(): Promise<Experiment[]> {
  const answer = await postJson<{ experiments?: Experiment[] }>('tracking', `${MLFLOW}/experiments/search`, { max_results: 1000, order_by: ['name ASC'] });
  return answer.experiments ?? [];
}

export async function getExperiment(experimentId: string): Promise<Experiment> {
  return (await getJson<{ experiment: Experiment }>('tracking', `${MLFLOW}/experiments/get`, { experiment_id: experimentId })).experiment;
}

export interface RunSearch {
  readonly experimentIds: readonly string[];
  /** MLflow filter syntax, passed to the server as typed. */
  readonly filter?: string;
  /** One MLflow order_by clause, e.g. `metrics.loss ASC`. */
  readonly orderBy?: string;
  readonly pageToken?: string;
  readonly maxResults: number;
}

export async function searchRuns(search: RunSearch): Promise<{ runs: Run[]; nextPageToken?: string }> {
  const answer = await postJson<{ runs?: Run[]; next_page_token?: string }>('tracking', `${MLFLOW}/runs/search`, {
    experiment_ids: search.experimentIds,
    filter: search.filter || undefined,
    order_by: search.orderBy ? [search.orderBy] : undefined,
    page_token: search.pageToken,
    max_results: search.maxResults,
  });
  return { runs: answer.runs ?? [], nextPageToken: answer.next_page_token || undefined };
}

export async function getRun(runId: string): Promise<Run> {
  return (await getJson<{ run: Run }>('tracking', `${MLFLOW}/runs/get`, { run_id: runId })).run;
}

/** Points a chart is drawn from: enough for the width of a screen, whatever the run logged. */
export const CHART_POINTS = 1000;

export interface HistoryPoint extends Metric {
  readonly run_id: string;
}

/** One metric of several runs, downsampled by the server to about CHART_POINTS steps (each run keeps its first and last). */
export async function sampledHistory(runIds: readonly string[], key: string): Promise<HistoryPoint[]> {
  const answer = await getJson<{ metrics?: HistoryPoint[] }>('tracking', `${MLFLOW}/metrics/get-history-bulk-interval`, {
    run_ids: runIds,
    metric_key: key,
    max_results: CHART_POINTS,
  });
  return answer.metrics ?? [];
}

export async function listArtifacts(runId: string, path: string): Promise<ArtifactFile[]> {
  const answer = await getJson<{ files?: ArtifactFile[] }>('tracking', `${MLFLOW}/artifacts/list`, { run_id: runId, path: path || undefined });
  return answer.files ?? [];
}

/**
 * Where a run's artifact downloads through the console: the tracking server's artifact proxy serves
 * `mlflow-artifacts:/<experiment>/<run>/artifacts` at `/api/2.0/mlflow-artifacts/artifacts/<experiment>/<run>/artifacts/<file>`.
 * Undefined for runs whose artifacts live in another store (the proxy cannot serve them).
 */
export function artifactDownloadUrl(artifactUri: string | undefined, file: string): string | undefined {
  const root = /^mlflow-artifacts:(?:\/\/[^/]*)?\/(.*)$/.exec(artifactUri ?? '')?.[1]?.replace(/\/+$/, '');
  if (root === undefined) return undefined;
  const path = [...root.split('/'), ...file.split('/')].filter((part) => part !== '').map(encodeURIComponent).join('/');
  return proxyUrl('tracking', `/api/2.0/mlflow-artifacts/artifacts/${path}`);
}

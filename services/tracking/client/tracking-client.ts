import { decodeDouble, encodeDouble } from '../mlflow/proto-json';
import { HttpTransport, type TransportOptions } from './http-transport';
import type {
  ArtifactFile,
  AuditEvent,
  DatasetInput,
  Experiment,
  KeyValue,
  LoggedModel,
  LoggedModelStatus,
  Metric,
  MetricToLog,
  ModelStage,
  ModelVersion,
  Page,
  RegisteredModel,
  Run,
  RunInfo,
  RunStatus,
  SearchRequest,
  ViewType,
} from './messages';

const API = '/api/2.0/mlflow';
const ARTIFACTS = '/api/2.0/mlflow-artifacts/artifacts';

type WireMetric = Omit<Metric, 'value'> & { value: number | string };
type WireRun = Omit<Run, 'data'> & { data: Omit<Run['data'], 'metrics'> & { metrics?: WireMetric[] } };

function decodeMetric(metric: WireMetric): Metric {
  return { ...metric, value: decodeDouble(metric.value) ?? NaN };
}

function decodeRun(run: WireRun): Run {
  const { metrics, ...data } = run.data;
  return { ...run, data: metrics ? { ...data, metrics: metrics.map(decodeMetric) } : data };
}

function encodeMetric(metric: MetricToLog) {
  return { key: metric.key, value: encodeDouble(metric.value), timestamp: metric.timestamp ?? Date.now(), step: metric.step ?? 0 };
}

/**
 * A typed client for the tracking server's MLflow REST API, artifact proxy and audit trail. Method
 * names follow MLflow's Python `MlflowClient`; errors are MlflowApiError with MLflow's error code.
 */
export class TrackingClient {
  private readonly http: HttpTransport;

  constructor(options: TransportOptions) {
    this.http = new HttpTransport(options);
  }

  // Experiments

  async createExperiment(name: string, options: { artifact_location?: string; tags?: KeyValue[] } = {}): Promise<string> {
    return (await this.http.send<{ experiment_id: string }>('POST', `${API}/experiments/create`, { name, ...options })).experiment_id;
  }

  async getExperiment(experimentId: string): Promise<Experiment> {
    return (await this.http.get<{ experiment: Experiment }>(`${API}/experiments/get`, { experiment_id: experimentId })).experiment;
  }

  async getExperimentByName(name: string): Promise<Experiment> {
    return (await this.http.get<{ experiment: Experiment }>(`${API}/experiments/get-by-name`, { experiment_name: name })).experiment;
  }

  async searchExperiments(request: SearchRequest & { view_type?: ViewType } = {}): Promise<Page<Experiment>> {
    const page = await this.http.send<{ experiments?: Experiment[]; next_page_token?: string }>('POST', `${API}/experiments/search`, request);
    return { items: page.experiments ?? [], next_page_token: page.next_page_token };
  }

  async renameExperiment(experimentId: string, newName: string): Promise<void> {
    await this.http.send('POST', `${API}/experiments/update`, { experiment_id: experimentId, new_name: newName });
  }

  async deleteExperiment(experimentId: string): Promise<void> {
    await this.http.send('POST', `${API}/experiments/delete`, { experiment_id: experimentId });
  }

  async restoreExperiment(experimentId: string): Promise<void> {
    await this.http.send('POST', `${API}/experiments/restore`, { experiment_id: experimentId });
  }

  async setExperimentTag(experimentId: string, key: string, value: string): Promise<void> {
    await this.http.send('POST', `${API}/experiments/set-experiment-tag`, { experiment_id: experimentId, key, value });
  }

  // Runs

  async createRun(request: { experiment_id?: string; run_name?: string; start_time?: number; tags?: KeyValue[] } = {}): Promise<Run> {
    return decodeRun((await this.http.send<{ run: WireRun }>('POST', `${API}/runs/create`, { start_time: Date.now(), ...request })).run);
  }

  async getRun(runId: string): Promise<Run> {
    return decodeRun((await this.http.get<{ run: WireRun }>(`${API}/runs/get`, { run_id: runId })).run);
  }

  async updateRun(runId: string, update: { status?: RunStatus; end_time?: number; run_name?: string }): Promise<RunInfo> {
    return (await this.http.send<{ run_info: RunInfo }>('POST', `${API}/runs/update`, { run_id: runId, ...update })).run_info;
  }

  async deleteRun(runId: string): Promise<void> {
    await this.http.send('POST', `${API}/runs/delete`, { run_id: runId });
  }

  async restoreRun(runId: string): Promise<void> {
    await this.http.send('POST', `${API}/runs/restore`, { run_id: runId });
  }

  async searchRuns(experimentIds: readonly string[], request: SearchRequest & { run_view_type?: ViewType } = {}): Promise<Page<Run>> {
    const page = await this.http.send<{ runs?: WireRun[]; next_page_token?: string }>('POST', `${API}/runs/search`, { experiment_ids: experimentIds, ...request });
    return { items: (page.runs ?? []).map(decodeRun), next_page_token: page.next_page_token };
  }

  async logMetric(runId: string, metric: MetricToLog): Promise<void> {
    await this.http.send('POST', `${API}/runs/log-metric`, { run_id: runId, ...encodeMetric(metric) });
  }

  async logParam(runId: string, key: string, value: string): Promise<void> {
    await this.http.send('POST', `${API}/runs/log-parameter`, { run_id: runId, key, value });
  }

  async setTag(runId: string, key: string, value: string): Promise<void> {
    await this.http.send('POST', `${API}/runs/set-tag`, { run_id: runId, key, value });
  }

  async deleteTag(runId: string, key: string): Promise<void> {
    await this.http.send('POST', `${API}/runs/delete-tag`, { run_id: runId, key });
  }

  /** All of it or none of it: at most 1000 metrics, 100 params, 100 tags. */
  async logBatch(runId: string, batch: { metrics?: readonly MetricToLog[]; params?: readonly KeyValue[]; tags?: readonly KeyValue[] }): Promise<void> {
    await this.http.send('POST', `${API}/runs/log-batch`, { run_id: runId, metrics: (batch.metrics ?? []).map(encodeMetric), params: batch.params ?? [], tags: batch.tags ?? [] });
  }

  async logInputs(runId: string, datasets: readonly DatasetInput[]): Promise<void> {
    await this.http.send('POST', `${API}/runs/log-inputs`, { run_id: runId, datasets });
  }

  async getMetricHistory(runId: string, key: string, request: { max_results?: number; page_token?: string } = {}): Promise<Page<Metric>> {
    const page = await this.http.get<{ metrics?: WireMetric[]; next_page_token?: string }>(`${API}/metrics/get-history`, { run_id: runId, metric_key: key, ...request });
    return { items: (page.metrics ?? []).map(decodeMetric), next_page_token: page.next_page_token };
  }

  // Registered models and aliases

  async createRegisteredModel(name: string, options: { tags?: KeyValue[]; description?: string } = {}): Promise<RegisteredModel> {
    return (await this.http.send<{ registered_model: RegisteredModel }>('POST', `${API}/registered-models/create`, { name, ...options })).registered_model;
  }

  async getRegisteredModel(name: string): Promise<RegisteredModel> {
    return (await this.http.get<{ registered_model: RegisteredModel }>(`${API}/registered-models/get`, { name })).registered_model;
  }

  async searchRegisteredModels(request: SearchRequest = {}): Promise<Page<RegisteredModel>> {
    const page = await this.http.get<{ registered_models?: RegisteredModel[]; next_page_token?: string }>(`${API}/registered-models/search`, request);
    return { items: page.registered_models ?? [], next_page_token: page.next_page_token };
  }

  async renameRegisteredModel(name: string, newName: string): Promise<RegisteredModel> {
    return (await this.http.send<{ registered_model: RegisteredModel }>('POST', `${API}/registered-models/rename`, { name, new_name: newName })).registered_model;
  }

  async updateRegisteredModel(name: string, description: string): Promise<RegisteredModel> {
    return (await this.http.send<{ registered_model: RegisteredModel }>('PATCH', `${API}/registered-models/update`, { name, description })).registered_model;
  }

  async deleteRegisteredModel(name: string): Promise<void> {
    await this.http.send('DELETE', `${API}/registered-models/delete`, { name });
  }

  async setRegisteredModelTag(name: string, key: string, value: string): Promise<void> {
    await this.http.send('POST', `${API}/registered-models/set-tag`, { name, key, value });
  }

  async deleteRegisteredModelTag(name: string, key: string): Promise<void> {
    await this.http.send('DELETE', `${API}/registered-models/delete-tag`, { name, key });
  }

  async setRegisteredModelAlias(name: string, alias: string, version: string): Promise<void> {
    await this.http.send('POST', `${API}/registered-models/alias`, { name, alias, version });
  }

  async deleteRegisteredModelAlias(name: string, alias: string): Promise<void> {
    await this.http.send('DELETE', `${API}/registered-models/alias`, { name, alias });
  }

  async getModelVersionByAlias(name: string, alias: string): Promise<ModelVersion> {
    return (await this.http.get<{ model_version: ModelVersion }>(`${API}/registered-models/alias`, { name, alias })).model_version;
  }

  // Model versions

  async createModelVersion(request: { name: string; source: string; run_id?: string; tags?: KeyValue[]; run_link?: string; description?: string }): Promise<ModelVersion> {
    return (await this.http.send<{ model_version: ModelVersion }>('POST', `${API}/model-versions/create`, request)).model_version;
  }

  async getModelVersion(name: string, version: string): Promise<ModelVersion> {
    return (await this.http.get<{ model_version: ModelVersion }>(`${API}/model-versions/get`, { name, version })).model_version;
  }

  async searchModelVersions(request: SearchRequest = {}): Promise<Page<ModelVersion>> {
    const page = await this.http.get<{ model_versions?: ModelVersion[]; next_page_token?: string }>(`${API}/model-versions/search`, request);
    return { items: page.model_versions ?? [], next_page_token: page.next_page_token };
  }

  async updateModelVersion(name: string, version: string, description: string): Promise<ModelVersion> {
    return (await this.http.send<{ model_version: ModelVersion }>('PATCH', `${API}/model-versions/update`, { name, version, description })).model_version;
  }

  async deleteModelVersion(name: string, version: string): Promise<void> {
    await this.http.send('DELETE', `${API}/model-versions/delete`, { name, version });
  }

  async setModelVersionTag(name: string, version: string, key: string, value: string): Promise<void> {
    await this.http.send('POST', `${API}/model-versions/set-tag`, { name, version, key, value });
  }

  async deleteModelVersionTag(name: string, version: string, key: string): Promise<void> {
    await this.http.send('DELETE', `${API}/model-versions/delete-tag`, { name, version, key });
  }

  async getModelVersionDownloadUri(name: string, version: string): Promise<string> {
    return (await this.http.get<{ artifact_uri: string }>(`${API}/model-versions/get-download-uri`, { name, version })).artifact_uri;
  }

  /** Deprecated in MLflow (aliases replace stages), still used. */
  async transitionModelVersionStage(name: string, version: string, stage: ModelStage, archiveExistingVersions = false): Promise<ModelVersion> {
    const body = { name, version, stage, archive_existing_versions: archiveExistingVersions };
    return (await this.http.send<{ model_version: ModelVersion }>('POST', `${API}/model-versions/transition-stage`, body)).model_version;
  }

  /** The newest version in each stage (every stage when none is given). */
  async getLatestVersions(name: string, stages: readonly ModelStage[] = []): Promise<ModelVersion[]> {
    return (await this.http.send<{ model_versions?: ModelVersion[] }>('POST', `${API}/registered-models/get-latest-versions`, { name, stages })).model_versions ?? [];
  }

  // Logged models (MLflow 3): create, upload files to info.artifact_uri, finalize

  async createLoggedModel(
    experimentId: string,
    options: { name?: string; model_type?: string; source_run_id?: string; params?: KeyValue[]; tags?: KeyValue[] } = {},
  ): Promise<LoggedModel> {
    return (await this.http.send<{ model: LoggedModel }>('POST', `${API}/logged-models`, { experiment_id: experimentId, ...options })).model;
  }

  async getLoggedModel(modelId: string): Promise<LoggedModel> {
    return (await this.http.get<{ model: LoggedModel }>(`${API}/logged-models/${encodeURIComponent(modelId)}`)).model;
  }

  async finalizeLoggedModel(modelId: string, status: Exclude<LoggedModelStatus, 'LOGGED_MODEL_PENDING'>): Promise<LoggedModel> {
    return (await this.http.send<{ model: LoggedModel }>('PATCH', `${API}/logged-models/${encodeURIComponent(modelId)}`, { model_id: modelId, status })).model;
  }

  async searchLoggedModels(experimentIds: readonly string[], request: { filter?: string; max_results?: number; page_token?: string } = {}): Promise<Page<LoggedModel>> {
    const page = await this.http.send<{ models?: LoggedModel[]; next_page_token?: string }>('POST', `${API}/logged-models/search`, { experiment_ids: experimentIds, ...request });
    return { items: page.models ?? [], next_page_token: page.next_page_token };
  }

  // Artifacts, through the server's proxy: paths relative to the artifact root

  async uploadArtifact(path: string, body: Uint8Array | string): Promise<void> {
    await this.http.put(`${ARTIFACTS}/${path}`, body);
  }

  downloadArtifact(path: string): Promise<Buffer> {
    return this.http.download(`${ARTIFACTS}/${path}`);
  }

  async listArtifacts(path?: string): Promise<ArtifactFile[]> {
    return (await this.http.get<{ files?: ArtifactFile[] }>(ARTIFACTS, { path })).files ?? [];
  }

  /** A run's artifacts under `path`, with paths relative to the run's artifact root. */
  async listRunArtifacts(runId: string, path?: string): Promise<ArtifactFile[]> {
    return (await this.http.get<{ files?: ArtifactFile[] }>(`${API}/artifacts/list`, { run_id: runId, path })).files ?? [];
  }

  async deleteArtifact(path: string): Promise<void> {
    await this.http.send('DELETE', `${ARTIFACTS}/${path}`, {});
  }

  // Plinth

  async readAudit(request: { after?: number; max_results?: number; resource?: string } = {}): Promise<{ events: AuditEvent[]; next_after?: number }> {
    return this.http.get('/api/plinth/audit', request);
  }
}

import { MLFLOW_ENDPOINTS } from '../../../../services/tracking/endpoints';
import { versionsOf } from '../../../../services/tracking/mlflow/operation';
import { notServed } from '../../../../services/tracking/traces/trace-operations';
import type { HarnessFactory, TrackingHarness } from '../support/tracking-harness';

interface Answer {
  readonly status: number;
  readonly body: Record<string, any>;
}

/**
 * MLflow 3's client, call by call: each request below has the path, method and body that
 * mlflow/store/tracking/rest_store.py, mlflow/store/model_registry/rest_store.py and the tracing
 * client send (test names cite the client function). Under /api/2.0 unless the call says 3.0.
 */
export function describeMlflow3Conformance(start: HarnessFactory): void {
  let harness: TrackingHarness;
  beforeAll(async () => {
    harness = await start();
  });
  afterAll(() => harness?.close());

  async function call(method: string, path: string, input?: Record<string, unknown>): Promise<Answer> {
    let url = `${harness.url}${path.startsWith('/') ? path : `/api/2.0/mlflow/${path}`}`;
    const init: RequestInit = { method };
    if (method === 'GET' && input) {
      const search = new URLSearchParams();
      for (const [key, value] of Object.entries(input)) for (const item of [value].flat()) search.append(key, String(item));
      url += `?${search}`;
    } else if (input) {
      init.headers = { 'content-type': 'application/json' };
      init.body = JSON.stringify(input);
    }
    const response = await fetch(url, init);
    const text = await response.text();
    return { status: response.status, body: text === '' ? {} : JSON.parse(text) };
  }

  /** What the artifact repository for `mlflow-artifacts:/` URIs does: PUT through the proxy. */
  async function upload(artifactUri: string, file: string, content: string): Promise<void> {
    const path = artifactUri.replace(/^mlflow-artifacts:\//, '');
    const response = await fetch(`${harness.url}/api/2.0/mlflow-artifacts/artifacts/${path}/${file}`, { method: 'PUT', body: content });
    expect(response.status).toBe(200);
  }

  async function download(artifactUri: string, file: string): Promise<string> {
    const path = artifactUri.replace(/^mlflow-artifacts:\//, '');
    return (await fetch(`${harness.url}/api/2.0/mlflow-artifacts/artifacts/${path}/${file}`)).text();
  }

  async function newRun(): Promise<{ experimentId: string; runId: string; artifactUri: string }> {
    const experiment = await call('POST', 'experiments/create', { name: `mlflow3-${Math.random()}` });
    const run = await call('POST', 'runs/create', { experiment_id: experiment.body.experiment_id, start_time: Date.now(), tags: [] });
    return { experimentId: experiment.body.experiment_id, runId: run.body.run.info.run_id, artifactUri: run.body.run.info.artifact_uri };
  }

  describe('logged models', () => {
    it('log_model: create_logged_model, log_outputs, upload, finalize_logged_model, then create_model_version from models:/m-<id>', async () => {
      const { experimentId, runId } = await newRun();
      const created = await call('POST', 'logged-models', {
        experiment_id: experimentId,
        name: 'model',
        source_run_id: runId,
        params: [{ key: 'alpha', value: '0.5' }],
        tags: [{ key: 'mlflow.source.type', value: 'LOCAL' }],
      });
      expect(created.status).toBe(200);
      const { info } = created.body.model;
      expect(info).toEqual({
        model_id: expect.stringMatching(/^m-[0-9a-f]{32}$/),
        experiment_id: experimentId,
        name: 'model',
        creation_timestamp_ms: expect.any(Number),
        last_updated_timestamp_ms: expect.any(Number),
        artifact_uri: `mlflow-artifacts:/${experimentId}/models/${info.model_id}/artifacts`,
        status: 'LOGGED_MODEL_PENDING',
        source_run_id: runId,
        tags: [{ key: 'mlflow.source.type', value: 'LOCAL' }],
      });
      expect(created.body.model.data).toEqual({ params: [{ key: 'alpha', value: '0.5' }] });

      expect(await call('POST', 'runs/outputs', { run_id: runId, models: [{ model_id: info.model_id, step: 0 }] })).toEqual({ status: 200, body: {} });
      await upload(info.artifact_uri, 'MLmodel', 'flavors: {}\n');
      const finalized = await call('PATCH', `/api/2.0/mlflow/logged-models/${info.model_id}`, { model_id: info.model_id, status: 'LOGGED_MODEL_READY' });
      expect(finalized.body.model.info.status).toBe('LOGGED_MODEL_READY');
      expect((await call('GET', `/api/2.0/mlflow/logged-models/${info.model_id}`)).body.model.info.status).toBe('LOGGED_MODEL_READY');
      expect((await call('GET', 'runs/get', { run_id: runId })).body.run.outputs).toEqual({ model_outputs: [{ model_id: info.model_id, step: 0 }] });
      const files = await call('GET', `/api/2.0/mlflow/logged-models/${info.model_id}/artifacts/directories`);
      expect(files.body).toEqual({ root_uri: info.artifact_uri, files: [{ path: 'MLmodel', is_dir: false, file_size: 12 }] });

      const name = `from-logged-model-${Math.random()}`;
      await call('POST', 'registered-models/create', { name });
      const version = await call('POST', 'model-versions/create', { name, source: `models:/${info.model_id}`, run_id: runId, model_id: info.model_id });
      expect(version.body.model_version).toMatchObject({ source: `models:/${info.model_id}`, model_id: info.model_id, run_id: runId });
      expect((await call('GET', 'model-versions/get-download-uri', { name, version: '1' })).body.artifact_uri).toBe(info.artifact_uri);
      expect((await call('GET', `/api/2.0/mlflow/logged-models/${info.model_id}`)).body.model.info.registrations).toEqual([{ name, version: '1' }]);
      const unknown = await call('POST', 'model-versions/create', { name, source: `models:/m-${'0'.repeat(32)}` });
      expect(unknown.status).toBe(404);
      expect((await call('GET', 'registered-models/get', { name })).body.registered_model.latest_versions).toHaveLength(1);
    });

    it('set_logged_model_tags, delete_logged_model_tag, log_logged_model_params, search_logged_models, delete_logged_model', async () => {
      const { experimentId } = await newRun();
      const ids: string[] = [];
      for (const alpha of ['0.1', '0.2']) {
        ids.push((await call('POST', 'logged-models', { experiment_id: experimentId, params: [{ key: 'alpha', value: alpha }] })).body.model.info.model_id);
      }
      const [first, second] = ids as [string, string];
      expect((await call('PATCH', `/api/2.0/mlflow/logged-models/${first}/tags`, { tags: [{ key: 'team', value: 'search' }] })).status).toBe(200);
      expect((await call('POST', `/api/2.0/mlflow/logged-models/${first}/params`, { model_id: first, params: [{ key: 'beta', value: '2' }] })).status).toBe(200);
      const changed = await call('POST', `/api/2.0/mlflow/logged-models/${first}/params`, { model_id: first, params: [{ key: 'alpha', value: '9' }] });
      expect(changed).toMatchObject({ status: 400, body: { error_code: 'INVALID_PARAMETER_VALUE' } });
      const model = (await call('GET', `/api/2.0/mlflow/logged-models/${first}`)).body.model;
      expect(model.info.tags).toEqual([{ key: 'team', value: 'search' }]);
      expect(model.data.params).toEqual([
        { key: 'alpha', value: '0.1' },
        { key: 'beta', value: '2' },
      ]);

      const search = (filter?: string) =>
        call('POST', 'logged-models/search', { experiment_ids: [experimentId], filter, order_by: [{ field_name: 'creation_timestamp', ascending: false }], max_results: 50 });
      expect((await search()).body.models.map((m: any) => m.info.model_id)).toEqual([second, first]);
      expect((await search("params.alpha = '0.1' AND tags.team = 'search'")).body.models.map((m: any) => m.info.model_id)).toEqual([first]);
      expect((await search("attributes.status = 'LOGGED_MODEL_PENDING'")).body.models).toHaveLength(2);

      expect((await call('DELETE', `/api/2.0/mlflow/logged-models/${first}/tags/team`)).status).toBe(200);
      expect((await call('DELETE', `/api/2.0/mlflow/logged-models/${first}/tags/team`)).body.error_code).toBe('RESOURCE_DOES_NOT_EXIST');
      expect((await call('DELETE', `/api/2.0/mlflow/logged-models/${second}`, { model_id: second })).status).toBe(200);
      expect(await call('GET', `/api/2.0/mlflow/logged-models/${second}`)).toEqual({
        status: 404,
        body: { error_code: 'RESOURCE_DOES_NOT_EXIST', message: `Logged model with ID '${second}' not found.` },
      });
      expect((await search()).body.models.map((m: any) => m.info.model_id)).toEqual([first]);
    });

    it('log_metric(model_id=...) and log_batch link metrics to logged models; search_logged_models filters and sorts on them', async () => {
      const { experimentId, runId } = await newRun();
      const [weak, strong] = [
        (await call('POST', 'logged-models', { experiment_id: experimentId, name: 'weak' })).body.model.info.model_id,
        (await call('POST', 'logged-models', { experiment_id: experimentId, name: 'strong' })).body.model.info.model_id,
      ];
      const metric = (modelId: string, value: number, step: number) => ({
        key: 'accuracy',
        value,
        timestamp: 1700000000000 + step,
        step,
        model_id: modelId,
        dataset_name: 'eval',
        dataset_digest: 'd1',
        run_id: runId,
      });
      await call('POST', 'runs/log-batch', { run_id: runId, metrics: [metric(weak, 0.9, 0), metric(weak, 0.6, 1), metric(strong, 0.85, 0)] });
      await call('POST', 'runs/log-metric', { run_uuid: runId, ...metric(strong, 0.95, 1) });
      const data = (await call('GET', `/api/2.0/mlflow/logged-models/${strong}`)).body.model.data;
      expect(data.metrics).toEqual([
        { model_id: strong, run_id: runId, key: 'accuracy', value: 0.85, timestamp: 1700000000000, step: 0, dataset_name: 'eval', dataset_digest: 'd1' },
        { model_id: strong, run_id: runId, key: 'accuracy', value: 0.95, timestamp: 1700000000001, step: 1, dataset_name: 'eval', dataset_digest: 'd1' },
      ]);
      const search = (filter: string) =>
        call('POST', 'logged-models/search', { experiment_ids: [experimentId], filter, order_by: [{ field_name: 'metrics.accuracy', ascending: false }] });
      expect((await search('metrics.accuracy > 0.5')).body.models.map((m: any) => m.info.name)).toEqual(['strong', 'weak']);
      expect((await search('metrics.accuracy > 0.7')).body.models.map((m: any) => m.info.name)).toEqual(['strong']);
      const unknown = await call('POST', 'runs/log-metric', { ...metric(`m-${'0'.repeat(32)}`, 1, 5) });
      expect(unknown).toMatchObject({ status: 404, body: { error_code: 'RESOURCE_DOES_NOT_EXIST' } });
      expect((await call('GET', 'metrics/get-history', { run_id: runId, metric_key: 'accuracy' })).body.metrics).toHaveLength(4);
    });

    it('create_logged_model is all-or-nothing: an unknown source run leaves no model behind', async () => {
      const { experimentId } = await newRun();
      const refused = await call('POST', 'logged-models', { experiment_id: experimentId, source_run_id: 'no-such-run', params: [{ key: 'a', value: '1' }] });
      expect(refused).toMatchObject({ status: 404, body: { error_code: 'RESOURCE_DOES_NOT_EXIST' } });
      expect((await call('POST', 'logged-models/search', { experiment_ids: [experimentId] })).body).toEqual({});
    });
  });

  describe('runs', () => {
    it('log_inputs with datasets and models (MLflow 3 model inputs), all or nothing', async () => {
      const { experimentId, runId } = await newRun();
      const modelId = (await call('POST', 'logged-models', { experiment_id: experimentId })).body.model.info.model_id;
      const dataset = { dataset: { name: 'train', digest: 'abc', source_type: 'local', source: '{}' }, tags: [{ key: 'mlflow.data.context', value: 'training' }] };
      const missing = await call('POST', 'runs/log-inputs', { run_id: runId, datasets: [dataset], models: [{ model_id: `m-${'f'.repeat(32)}` }] });
      expect(missing.status).toBe(404);
      expect((await call('GET', 'runs/get', { run_id: runId })).body.run.inputs).toEqual({});
      expect(await call('POST', 'runs/log-inputs', { run_id: runId, datasets: [dataset], models: [{ model_id: modelId }] })).toEqual({ status: 200, body: {} });
      const { inputs } = (await call('GET', 'runs/get', { run_id: runId })).body.run;
      expect(inputs).toEqual({ dataset_inputs: [{ tags: dataset.tags, dataset: dataset.dataset }], model_inputs: [{ model_id: modelId }] });
    });

    it('delete_experiment_tag, and search-datasets (the UI dataset filter) with each input context', async () => {
      const { experimentId, runId } = await newRun();
      await call('POST', 'experiments/set-experiment-tag', { experiment_id: experimentId, key: 'team', value: 'search' });
      expect(await call('POST', 'experiments/delete-experiment-tag', { experiment_id: experimentId, key: 'team' })).toEqual({ status: 200, body: {} });
      expect((await call('GET', 'experiments/get', { experiment_id: experimentId })).body.experiment.tags).toBeUndefined();
      expect((await call('POST', 'experiments/delete-experiment-tag', { experiment_id: experimentId, key: 'team' })).status).toBe(404);
      const dataset = { dataset: { name: 'train', digest: 'abc', source_type: 'local', source: '{}' }, tags: [{ key: 'mlflow.data.context', value: 'training' }] };
      await call('POST', 'runs/log-inputs', { run_id: runId, datasets: [dataset] });
      expect((await call('POST', 'experiments/search-datasets', { experiment_ids: [experimentId] })).body).toEqual({
        dataset_summaries: [{ experiment_id: experimentId, name: 'train', digest: 'abc', context: 'training' }],
      });
    });

    it('record_logged_model (MLflow 2 log_model): runs/log-model appends to the mlflow.log-model.history tag', async () => {
      const { runId } = await newRun();
      const model = (path: string) => JSON.stringify({ artifact_path: path, flavors: { python_function: {} }, utc_time_created: '2025-01-01 00:00:00.000000', run_id: runId });
      for (const path of ['model', 'other']) expect(await call('POST', 'runs/log-model', { run_id: runId, model_json: model(path) })).toEqual({ status: 200, body: {} });
      const tags = (await call('GET', 'runs/get', { run_id: runId })).body.run.data.tags as { key: string; value: string }[];
      const history = JSON.parse(tags.find((tag) => tag.key === 'mlflow.log-model.history')!.value);
      expect(history.map((entry: { artifact_path: string }) => entry.artifact_path)).toEqual(['model', 'other']);
      const malformed = await call('POST', 'runs/log-model', { run_id: runId, model_json: '{"artifact_path": "x"}' });
      expect(malformed.body).toEqual({ error_code: 'INVALID_PARAMETER_VALUE', message: "Model json is missing mandatory fields: ['flavors', 'utc_time_created', 'run_id']" });
    });

    it('list_artifacts: GET artifacts/list with run_id and path lists the run artifact store', async () => {
      const { runId, artifactUri } = await newRun();
      await upload(artifactUri, 'model/MLmodel', 'flavors: {}\n');
      await upload(artifactUri, 'model/data/weights.bin', '0123');
      await upload(artifactUri, 'metrics.json', '{}');
      const root = await call('GET', 'artifacts/list', { run_id: runId });
      expect(root.body).toEqual({
        root_uri: artifactUri,
        files: expect.arrayContaining([{ path: 'model', is_dir: true }, { path: 'metrics.json', is_dir: false, file_size: 2 }]),
      });
      const model = await call('GET', 'artifacts/list', { run_uuid: runId, path: 'model' });
      expect(model.body.files).toEqual(expect.arrayContaining([{ path: 'model/MLmodel', is_dir: false, file_size: 12 }, { path: 'model/data', is_dir: true }]));
      expect((await call('GET', 'artifacts/list', { run_id: runId, path: '../..' })).status).toBe(400);
      expect((await call('GET', '/ajax-api/2.0/mlflow/artifacts/list', { run_id: runId, path: 'model' })).body).toEqual(model.body);
    });

    it('search_runs with numeric attribute filters (the UI time range) compares integer columns as numbers', async () => {
      const { experimentId, runId } = await newRun();
      const filter = `attributes.start_time > 1000.5 AND attributes.start_time <= ${Date.now() + 60_000}`;
      const answer = await call('POST', 'runs/search', { experiment_ids: [experimentId], filter });
      expect(answer.body.runs.map((run: any) => run.info.run_id)).toEqual([runId]);
    });

    it('get-history-bulk-interval (the UI charts): sampled steps keep each run first and last', async () => {
      const first = await newRun();
      const second = await newRun();
      for (const { runId } of [first, second]) {
        const metrics = Array.from({ length: 10 }, (_, step) => ({ key: 'loss', value: step / 10, timestamp: 1700000000000 + step, step }));
        await call('POST', 'runs/log-batch', { run_id: runId, metrics });
      }
      const answer = await call('GET', 'metrics/get-history-bulk-interval', { run_ids: [first.runId, second.runId], metric_key: 'loss', max_results: 3 });
      const steps = (runId: string) => answer.body.metrics.filter((m: any) => m.run_id === runId).map((m: any) => m.step);
      expect(steps(first.runId)).toEqual([0, 5, 9]);
      expect(steps(second.runId)).toEqual([0, 5, 9]);
      expect(answer.body.metrics[0]).toEqual({ key: 'loss', value: 0, timestamp: 1700000000000, step: 0, run_id: first.runId });
      const ranged = await call('GET', 'metrics/get-history-bulk-interval', { run_ids: first.runId, metric_key: 'loss', start_step: 2, end_step: 4 });
      expect(ranged.body.metrics.map((m: any) => m.step)).toEqual([2, 3, 4]);
      const halfRange = await call('GET', 'metrics/get-history-bulk-interval', { run_ids: first.runId, metric_key: 'loss', start_step: 2 });
      expect(halfRange.body.message).toBe('If either start step or end step are specified, both must be specified.');
      const tooMany = await call('GET', 'metrics/get-history-bulk-interval', { run_ids: Array.from({ length: 101 }, (_, i) => `r${i}`), metric_key: 'loss' });
      expect(tooMany).toMatchObject({ status: 400, body: { error_code: 'INVALID_PARAMETER_VALUE' } });
    });
  });

  describe('model registry', () => {
    it('transition_model_version_stage with archive_existing_versions, then get_latest_versions', async () => {
      const name = `staged-${Math.random()}`;
      await call('POST', 'registered-models/create', { name });
      for (const n of [1, 2, 3]) await call('POST', 'model-versions/create', { name, source: `s3://b/${n}` });
      const transition = (version: string, stage: string, archive = false) =>
        call('POST', 'model-versions/transition-stage', { name, version, stage, archive_existing_versions: archive });
      expect((await transition('1', 'production')).body.model_version).toMatchObject({ version: '1', current_stage: 'Production' });
      await transition('3', 'Staging');
      expect((await transition('2', 'Production', true)).body.model_version.current_stage).toBe('Production');
      expect((await call('GET', 'model-versions/get', { name, version: '1' })).body.model_version.current_stage).toBe('Archived');
      const latest = await call('POST', 'registered-models/get-latest-versions', { name, stages: ['production', 'Staging'] });
      expect(latest.body.model_versions.map((v: any) => [v.version, v.current_stage])).toEqual([
        ['2', 'Production'],
        ['3', 'Staging'],
      ]);
      const all = await call('GET', 'registered-models/get-latest-versions', { name });
      expect(all.body.model_versions.map((v: any) => v.current_stage)).toEqual(['Staging', 'Production', 'Archived']);
      expect((await transition('1', 'Shelved')).body.message).toBe('Invalid Model Version stage: Shelved. Value must be one of None, Staging, Production, Archived.');
      expect((await transition('1', 'Archived', true)).status).toBe(400);
    });

    it('get_model_version_by_alias answers a missing alias with 400 INVALID_PARAMETER_VALUE, as MLflow does', async () => {
      const name = `no-alias-${Math.random()}`;
      await call('POST', 'registered-models/create', { name });
      expect(await call('GET', 'registered-models/alias', { name, alias: 'champion' })).toEqual({
        status: 400,
        body: { error_code: 'INVALID_PARAMETER_VALUE', message: 'Registered model alias champion not found.' },
      });
    });

    it('register_prompt, search_prompts, load_prompt by alias; search_registered_models hides prompts', async () => {
      const prompt = `prompt-${Math.random().toString(36).slice(2)}`;
      const model = `model-${Math.random().toString(36).slice(2)}`;
      await call('POST', 'registered-models/create', { name: prompt, tags: [{ key: 'mlflow.prompt.is_prompt', value: 'true' }] });
      await call('POST', 'registered-models/create', { name: model });
      const version = await call('POST', 'model-versions/create', {
        name: prompt,
        source: 'dummy-source',
        description: 'first draft',
        tags: [
          { key: 'mlflow.prompt.is_prompt', value: 'true' },
          { key: 'mlflow.prompt.text', value: 'Answer {{question}} in {{language}}.' },
          { key: '_mlflow_prompt_type', value: 'text' },
        ],
      });
      expect(version.status).toBe(200);
      await call('POST', 'registered-models/alias', { name: prompt, alias: 'production', version: '1' });
      const loaded = (await call('GET', 'registered-models/alias', { name: prompt, alias: 'production' })).body.model_version;
      expect(loaded).toMatchObject({ name: prompt, version: '1', description: 'first draft', aliases: ['production'] });
      expect(loaded.tags).toEqual(
        expect.arrayContaining([
          { key: 'mlflow.prompt.is_prompt', value: 'true' },
          { key: 'mlflow.prompt.text', value: 'Answer {{question}} in {{language}}.' },
        ]),
      );
      const names = async (filter: string) => ((await call('GET', 'registered-models/search', { filter, max_results: 1000 })).body.registered_models ?? []).map((m: any) => m.name);
      const prompts = await names("tag.`mlflow.prompt.is_prompt` = 'true'");
      expect(prompts).toContain(prompt);
      expect(prompts).not.toContain(model);
      const models = await names("tag.`mlflow.prompt.is_prompt` != 'true'");
      expect(models).toContain(model);
      expect(models).not.toContain(prompt);
      const versions = await call('GET', 'model-versions/search', { filter: `name = '${prompt}' AND tag.\`mlflow.prompt.is_prompt\` = 'true'` });
      expect(versions.body.model_versions.map((v: any) => v.version)).toEqual(['1']);

      // link_prompt_versions_to_trace: a trace that used the prompt names it in mlflow.linkedPrompts.
      const experimentId = (await call('POST', 'experiments/create', { name: `prompted-${Math.random()}` })).body.experiment_id;
      const traceId = `tr-${'c'.repeat(32)}`;
      const location = { type: 'MLFLOW_EXPERIMENT', mlflow_experiment: { experiment_id: experimentId } };
      await call('POST', '/api/3.0/mlflow/traces', { trace: { trace_info: { trace_id: traceId, trace_location: location, request_time: '2025-01-01T00:00:00Z', state: 'OK' } } });
      for (let i = 0; i < 2; i++) {
        expect(await call('POST', 'traces/link-prompts', { trace_id: traceId, prompt_versions: [{ name: prompt, version: '1' }] })).toEqual({ status: 200, body: {} });
      }
      const tags = (await call('GET', `/api/3.0/mlflow/traces/${traceId}`)).body.trace.trace_info.tags;
      expect(JSON.parse(tags['mlflow.linkedPrompts'])).toEqual([{ name: prompt, version: '1' }]);
      expect((await call('POST', 'traces/link-prompts', { trace_id: traceId, prompt_versions: [{ name: prompt, version: '7' }] })).status).toBe(404);
    });
  });

  describe('tracing', () => {
    const traceInfo = (experimentId: string, traceId: string, requestTime: string) => ({
      trace_id: traceId,
      client_request_id: 'req-1',
      trace_location: { type: 'MLFLOW_EXPERIMENT', mlflow_experiment: { experiment_id: experimentId } },
      request_preview: '{"question": "why?"}',
      response_preview: '"because"',
      request_time: requestTime,
      execution_duration: '0.250s',
      state: 'OK',
      trace_metadata: { 'mlflow.trace_schema.version': '3', 'mlflow.sourceRun': 'r1' },
      tags: { 'mlflow.traceName': 'rag' },
    });

    it('start_trace (StartTraceV3) under /api/3.0, spans uploaded as traces.json, get_trace_info, search_traces, trace tags, delete_traces', async () => {
      const { experimentId } = await newRun();
      const traceId = `tr-${'a'.repeat(31)}1`;
      const started = await call('POST', '/api/3.0/mlflow/traces', { trace: { trace_info: traceInfo(experimentId, traceId, '2025-03-01T10:00:00.123456Z'), spans: [] } });
      expect(started.status).toBe(200);
      const info = started.body.trace.trace_info;
      expect(info).toEqual({
        ...traceInfo(experimentId, traceId, '2025-03-01T10:00:00.123Z'),
        tags: { 'mlflow.artifactLocation': `mlflow-artifacts:/${experimentId}/traces/${traceId}/artifacts`, 'mlflow.traceName': 'rag' },
      });
      const spans = JSON.stringify({ spans: [{ name: 'retrieve', trace_id: traceId }] });
      await upload(info.tags['mlflow.artifactLocation'], 'traces.json', spans);

      const fetched = await call('GET', `/api/3.0/mlflow/traces/${traceId}`, { trace_id: traceId });
      expect(fetched.body.trace.trace_info).toEqual(info);
      expect(await download(fetched.body.trace.trace_info.tags['mlflow.artifactLocation'], 'traces.json')).toBe(spans);
      expect((await call('GET', '/api/3.0/mlflow/traces/get', { trace_id: traceId })).body.error_code).toBe('ENDPOINT_NOT_FOUND');

      const older = `tr-${'b'.repeat(32)}`;
      await call('POST', '/api/3.0/mlflow/traces', { trace: { trace_info: { ...traceInfo(experimentId, older, '2025-02-01T00:00:00Z'), state: 'ERROR' } } });
      const search = (filter?: string, order_by?: string[]) =>
        call('POST', '/api/3.0/mlflow/traces/search', {
          locations: [{ type: 'MLFLOW_EXPERIMENT', mlflow_experiment: { experiment_id: experimentId } }],
          filter,
          max_results: 100,
          order_by,
        });
      expect((await search()).body.traces.map((t: any) => t.trace_id)).toEqual([traceId, older]);
      expect((await search(undefined, ['timestamp_ms ASC'])).body.traces.map((t: any) => t.trace_id)).toEqual([older, traceId]);
      expect((await search("trace.status = 'OK'")).body.traces.map((t: any) => t.trace_id)).toEqual([traceId]);
      expect((await search("trace.name = 'rag' AND trace.run_id = 'r1'")).body.traces).toHaveLength(2);
      expect((await search("metadata.`mlflow.sourceRun` = 'r1' AND attributes.timestamp_ms < 1738500000000")).body.traces.map((t: any) => t.trace_id)).toEqual([older]);

      expect(await call('PATCH', `/api/2.0/mlflow/traces/${traceId}/tags`, { key: 'reviewed', value: 'yes' })).toEqual({ status: 200, body: {} });
      expect((await search("tags.reviewed = 'yes'")).body.traces.map((t: any) => t.trace_id)).toEqual([traceId]);
      expect(await call('DELETE', `/api/2.0/mlflow/traces/${traceId}/tags`, { key: 'reviewed' })).toEqual({ status: 200, body: {} });
      expect((await call('DELETE', `/api/2.0/mlflow/traces/${traceId}/tags`, { key: 'reviewed' })).body.error_code).toBe('RESOURCE_DOES_NOT_EXIST');

      const deleted = await call('POST', 'traces/delete-traces', { experiment_id: experimentId, request_ids: [older] });
      expect(deleted.body).toEqual({ traces_deleted: 1 });
      expect((await call('GET', `/api/3.0/mlflow/traces/${older}`)).body.error_code).toBe('RESOURCE_DOES_NOT_EXIST');
      const byTime = await call('POST', 'traces/delete-traces', { experiment_id: experimentId, max_timestamp_millis: Date.now(), max_traces: 10 });
      expect(byTime.body).toEqual({ traces_deleted: 1 });
      const neither = await call('POST', 'traces/delete-traces', { experiment_id: experimentId });
      expect(neither.body.error_code).toBe('INVALID_PARAMETER_VALUE');
    });

    it('log_feedback / log_expectation: create, get, update (update_mask), delete assessments; get_trace_info carries them', async () => {
      const { experimentId } = await newRun();
      const traceId = `tr-${'d'.repeat(32)}`;
      await call('POST', '/api/3.0/mlflow/traces', { trace: { trace_info: traceInfo(experimentId, traceId, '2025-03-01T10:00:00Z') } });
      const feedback = {
        assessment_name: 'helpful',
        trace_id: traceId,
        source: { source_type: 'HUMAN', source_id: 'reviewer@example.com' },
        create_time: '2025-03-01T10:05:00Z',
        last_update_time: '2025-03-01T10:05:00Z',
        feedback: { value: true },
        rationale: 'answered the question',
        metadata: { channel: 'ui' },
      };
      const created = await call('POST', `/api/3.0/mlflow/traces/${traceId}/assessments`, { assessment: feedback });
      expect(created.status).toBe(200);
      const { assessment } = created.body;
      expect(assessment).toEqual({
        ...feedback,
        assessment_id: expect.stringMatching(/^a-[0-9a-f]{32}$/),
        create_time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        last_update_time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      });
      const path = `/api/3.0/mlflow/traces/${traceId}/assessments/${assessment.assessment_id}`;
      expect((await call('GET', path)).body.assessment).toEqual(assessment);
      const updated = await call('PATCH', path, {
        assessment: { assessment_id: assessment.assessment_id, trace_id: traceId, feedback: { value: false }, rationale: 'wrong source' },
        update_mask: 'feedback,rationale',
      });
      expect(updated.body.assessment).toMatchObject({ assessment_name: 'helpful', feedback: { value: false }, rationale: 'wrong source', metadata: { channel: 'ui' } });
      expect((await call('GET', `/api/3.0/mlflow/traces/${traceId}`)).body.trace.trace_info.assessments).toEqual([updated.body.assessment]);
      expect((await call('PATCH', path, { assessment: {}, update_mask: 'assessmentId' })).status).toBe(400);
      expect(await call('DELETE', path, { trace_id: traceId, assessment_id: assessment.assessment_id })).toEqual({ status: 200, body: {} });
      expect((await call('GET', path)).body.error_code).toBe('RESOURCE_DOES_NOT_EXIST');
      const orphan = await call('POST', `/api/3.0/mlflow/traces/tr-missing/assessments`, { assessment: feedback });
      expect(orphan.body.error_code).toBe('RESOURCE_DOES_NOT_EXIST');
    });

    it('MLflow 2 clients (2.14-2.21): start_trace, end_trace, get_trace_info and search_traces on the v2 calls', async () => {
      const { experimentId } = await newRun();
      const started = await call('POST', 'traces', {
        experiment_id: experimentId,
        timestamp_ms: 1700000000000,
        request_metadata: [{ key: 'mlflow.traceInputs', value: '{"q": 1}' }],
        tags: [{ key: 'mlflow.traceName', value: 'chain' }],
      });
      const requestId = started.body.trace_info.request_id;
      expect(started.body.trace_info).toMatchObject({ request_id: expect.stringMatching(/^[0-9a-f]{32}$/), experiment_id: experimentId, timestamp_ms: 1700000000000, status: 'IN_PROGRESS' });
      const ended = await call('PATCH', `traces/${requestId}`, {
        request_id: requestId,
        timestamp_ms: 1700000000750,
        status: 'OK',
        request_metadata: [{ key: 'mlflow.traceOutputs', value: '"done"' }],
        tags: [],
      });
      expect(ended.body.trace_info).toEqual({
        request_id: requestId,
        experiment_id: experimentId,
        timestamp_ms: 1700000000000,
        execution_time_ms: 750,
        status: 'OK',
        request_metadata: [
          { key: 'mlflow.traceInputs', value: '{"q": 1}' },
          { key: 'mlflow.traceOutputs', value: '"done"' },
        ],
        tags: [
          { key: 'mlflow.artifactLocation', value: `mlflow-artifacts:/${experimentId}/traces/${requestId}/artifacts` },
          { key: 'mlflow.traceName', value: 'chain' },
        ],
      });
      expect((await call('GET', `traces/${requestId}/info`)).body).toEqual(ended.body);
      const found = await call('GET', 'traces', { experiment_ids: [experimentId], filter: "tags.`mlflow.traceName` = 'chain'", max_results: 10 });
      expect(found.body.traces.map((t: any) => t.request_id)).toEqual([requestId]);
      expect((await call('GET', `/api/3.0/mlflow/traces/${requestId}`)).body.trace.trace_info).toMatchObject({ trace_id: requestId, state: 'OK', execution_duration: '0.750s' });
    });

    it('refuses a malformed trace with 400 and keeps nothing of it', async () => {
      const { experimentId } = await newRun();
      const bad = [
        { ...traceInfo(experimentId, 'tr-bad-time', 'yesterday') },
        { ...traceInfo(experimentId, 'tr-bad-duration', '2025-01-01T00:00:00Z'), execution_duration: 'long' },
        { ...traceInfo(experimentId, '../escape', '2025-01-01T00:00:00Z') },
        { ...traceInfo('999999', 'tr-no-experiment', '2025-01-01T00:00:00Z') },
      ];
      for (const trace_info of bad) expect((await call('POST', '/api/3.0/mlflow/traces', { trace: { trace_info } })).status).toBeLessThan(500);
      const found = await call('POST', '/api/3.0/mlflow/traces/search', { locations: [{ mlflow_experiment: { experiment_id: experimentId } }] });
      expect(found.body).toEqual({});
    });
  });

  describe('paths', () => {
    it.each(['/api/3.0/mlflow/no-such-call', '/api/2.1/unity-catalog/models', '/api/4.0/mlflow/traces', '/ajax-api/3.0/mlflow/x', '/api/unknown'])(
      'answers %s with MLflow ENDPOINT_NOT_FOUND, on which MLflow 3 clients fall back to older calls',
      async (path) => {
        const answer = await call('POST', path, {});
        expect(answer.status).toBe(404);
        expect(answer.body).toEqual({ error_code: 'ENDPOINT_NOT_FOUND', message: expect.any(String) });
      },
    );

    it('serves every row of the endpoint table under /api and /ajax-api for each of its versions', async () => {
      const unserved: string[] = [];
      for (const endpoint of Object.values(MLFLOW_ENDPOINTS).flat()) {
        const [methods, path, operation] = endpoint;
        if (operation === notServed) continue;
        for (const version of versionsOf(endpoint)) {
          for (const root of ['/api', '/ajax-api']) {
            for (const method of [methods].flat()) {
              const url = `${root}/${version}${path.replace(/\{\w+\}/g, 'x')}`;
              const answer = await call(method, url, method === 'GET' ? undefined : {});
              if (answer.body.error_code === 'ENDPOINT_NOT_FOUND') unserved.push(`${method} ${url}`);
            }
          }
        }
      }
      expect(unserved).toEqual([]);
    });

    it('serves the MLflow UI prefix /ajax-api/2.0 with the same endpoints', async () => {
      const { experimentId } = await newRun();
      const answer = await call('POST', '/ajax-api/2.0/mlflow/runs/search', { experiment_ids: [experimentId] });
      expect(answer.body.runs).toHaveLength(1);
    });
  });
}

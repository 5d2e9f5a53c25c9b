import { MlflowApiError } from '../../../../services/tracking/client/http-transport';
import type { TrackingClient } from '../../../../services/tracking/client/tracking-client';
import type { HarnessFactory, TrackingHarness } from '../support/tracking-harness';

/** Rejects with MLflow's error code and HTTP status, and a message containing `message`. */
async function expectMlflowError(promise: Promise<unknown>, errorCode: string, status: number, message?: string | RegExp): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(MlflowApiError);
  expect((error as MlflowApiError).errorCode).toBe(errorCode);
  expect((error as MlflowApiError).status).toBe(status);
  if (message !== undefined) expect((error as MlflowApiError).message).toMatch(message);
}

const unique = (prefix: string) => `${prefix}-${Math.random().toString(36).slice(2, 10)}`;

/** The tracking API's behaviour through the typed client; run against every store. */
export function describeTrackingApi(start: HarnessFactory): void {
  let harness: TrackingHarness;
  let client: TrackingClient;
  beforeAll(async () => {
    harness = await start();
    client = harness.client;
  });
  afterAll(() => harness?.close());

  describe('experiments', () => {
    it('creates, reads, tags, renames and refuses a second experiment of the same name', async () => {
      const name = unique('exp');
      const id = await client.createExperiment(name, { tags: [{ key: 'team', value: 'search' }] });
      expect(id).toMatch(/^\d+$/);
      const experiment = await client.getExperiment(id);
      expect(experiment).toMatchObject({ experiment_id: id, name, lifecycle_stage: 'active', artifact_location: `mlflow-artifacts:/${id}`, tags: [{ key: 'team', value: 'search' }] });
      expect((await client.getExperimentByName(name)).experiment_id).toBe(id);
      await expectMlflowError(client.createExperiment(name), 'RESOURCE_ALREADY_EXISTS', 400, `Experiment(name=${name}) already exists`);
      await client.renameExperiment(id, `${name}-renamed`);
      await client.setExperimentTag(id, 'stage', 'dev');
      const renamed = await client.getExperiment(id);
      expect(renamed.name).toBe(`${name}-renamed`);
      expect(renamed.tags).toEqual([
        { key: 'stage', value: 'dev' },
        { key: 'team', value: 'search' },
      ]);
    });

    it('deletes an experiment with its runs and restores both', async () => {
      const id = await client.createExperiment(unique('doomed'));
      const run = await client.createRun({ experiment_id: id });
      await client.deleteExperiment(id);
      expect((await client.getExperiment(id)).lifecycle_stage).toBe('deleted');
      expect((await client.getRun(run.info.run_id)).info.lifecycle_stage).toBe('deleted');
      const active = await client.searchExperiments({ max_results: 1000 });
      expect(active.items.map((e) => e.experiment_id)).not.toContain(id);
      const deleted = await client.searchExperiments({ view_type: 'DELETED_ONLY' });
      expect(deleted.items.map((e) => e.experiment_id)).toContain(id);
      await expectMlflowError(client.createRun({ experiment_id: id }), 'INVALID_PARAMETER_VALUE', 400, `The experiment ${id} must be in the 'active' state`);
      await client.restoreExperiment(id);
      expect((await client.getRun(run.info.run_id)).info.lifecycle_stage).toBe('active');
    });

    it('searches experiments by name and tag', async () => {
      const prefix = unique('searchable');
      const a = await client.createExperiment(`${prefix}-a`, { tags: [{ key: 'kind', value: 'x' }] });
      const b = await client.createExperiment(`${prefix}-b`);
      const byName = await client.searchExperiments({ filter: `name LIKE '${prefix}%'`, order_by: ['name DESC'] });
      expect(byName.items.map((e) => e.experiment_id)).toEqual([b, a]);
      const byTag = await client.searchExperiments({ filter: `name LIKE '${prefix}%' AND tags.kind = 'x'` });
      expect(byTag.items.map((e) => e.experiment_id)).toEqual([a]);
    });
  });

  describe('runs', () => {
    let experimentId: string;
    beforeAll(async () => {
      experimentId = await client.createExperiment(unique('runs'));
    });

    it('creates a run with MLflow system tags, a name and an artifact location under its experiment', async () => {
      const run = await client.createRun({
        experiment_id: experimentId,
        run_name: 'first',
        tags: [
          { key: 'mlflow.user', value: 'ada' },
          { key: 'mlflow.source.git.commit', value: 'abc123' },
        ],
      });
      expect(run.info).toMatchObject({ experiment_id: experimentId, run_name: 'first', user_id: 'ada', status: 'RUNNING', lifecycle_stage: 'active' });
      expect(run.info.end_time).toBeUndefined();
      expect(run.info.artifact_uri).toBe(`mlflow-artifacts:/${experimentId}/${run.info.run_id}/artifacts`);
      expect(run.data.tags).toEqual(
        expect.arrayContaining([
          { key: 'mlflow.runName', value: 'first' },
          { key: 'mlflow.source.git.commit', value: 'abc123' },
        ]),
      );
      const unnamed = await client.createRun({ experiment_id: experimentId });
      expect(unnamed.info.run_name).toMatch(/^[a-z]+-[a-z]+-\d+$/);
    });

    it('shows the latest value of each metric and keeps every value in the history', async () => {
      const { info } = await client.createRun({ experiment_id: experimentId });
      await client.logMetric(info.run_id, { key: 'loss', value: 0.9, timestamp: 100, step: 0 });
      await client.logMetric(info.run_id, { key: 'loss', value: 0.5, timestamp: 50, step: 2 });
      await client.logMetric(info.run_id, { key: 'loss', value: 0.7, timestamp: 300, step: 1 });
      const run = await client.getRun(info.run_id);
      expect(run.data.metrics).toEqual([{ key: 'loss', value: 0.5, timestamp: 50, step: 2 }]);
      const history = await client.getMetricHistory(info.run_id, 'loss');
      expect(history.items.map((m) => m.value)).toEqual([0.5, 0.9, 0.7]);
    });

    it('stores and returns NaN and both infinities', async () => {
      const { info } = await client.createRun({ experiment_id: experimentId });
      await client.logBatch(info.run_id, {
        metrics: [
          { key: 'nan', value: NaN, timestamp: 1 },
          { key: 'inf', value: Infinity, timestamp: 1 },
          { key: 'ninf', value: -Infinity, timestamp: 1 },
        ],
      });
      const values = Object.fromEntries((await client.getRun(info.run_id)).data.metrics!.map((m) => [m.key, m.value]));
      expect(values).toEqual({ nan: NaN, inf: Infinity, ninf: -Infinity });
      expect((await client.getMetricHistory(info.run_id, 'nan')).items[0]!.value).toBeNaN();
    });

    it('never changes a logged param, but accepts the same value again', async () => {
      const { info } = await client.createRun({ experiment_id: experimentId });
      await client.logParam(info.run_id, 'lr', '0.1');
      await client.logParam(info.run_id, 'lr', '0.1');
      await expectMlflowError(
        client.logParam(info.run_id, 'lr', '0.2'),
        'INVALID_PARAMETER_VALUE',
        400,
        `Changing param values is not allowed. Param with key='lr' was already logged with value='0.1' for run ID='${info.run_id}'. Attempted logging new value '0.2'.`,
      );
      await expectMlflowError(client.logBatch(info.run_id, { params: [{ key: 'lr', value: '0.3' }] }), 'INVALID_PARAMETER_VALUE', 400, 'Changing param values is not allowed');
    });

    it('writes all of a batch or none of it', async () => {
      const { info } = await client.createRun({ experiment_id: experimentId });
      await client.logParam(info.run_id, 'fixed', 'a');
      const metrics = Array.from({ length: 50 }, (_, step) => ({ key: 'acc', value: step / 50, timestamp: 1000 + step, step }));
      await expectMlflowError(
        client.logBatch(info.run_id, { metrics, params: [{ key: 'fixed', value: 'b' }], tags: [{ key: 'note', value: 'x' }] }),
        'INVALID_PARAMETER_VALUE',
        400,
      );
      const run = await client.getRun(info.run_id);
      expect(run.data.metrics).toBeUndefined();
      expect(run.data.tags?.find((tag) => tag.key === 'note')).toBeUndefined();
      await client.logBatch(info.run_id, { metrics, params: [{ key: 'fixed', value: 'a' }], tags: [{ key: 'note', value: 'x' }] });
      expect((await client.getMetricHistory(info.run_id, 'acc')).items).toHaveLength(50);
    });

    it.each([
      ['1001 metrics', { metrics: Array.from({ length: 1001 }, (_, i) => ({ key: 'm', value: i, timestamp: 1, step: i })) }, 'A batch logging request can contain at most 1000 metrics. Got 1001 metrics.'],
      ['101 params', { params: Array.from({ length: 101 }, (_, i) => ({ key: `p${i}`, value: 'v' })) }, 'at most 100 params. Got 101 params.'],
      ['101 tags', { tags: Array.from({ length: 101 }, (_, i) => ({ key: `t${i}`, value: 'v' })) }, 'at most 100 tags. Got 101 tags.'],
      [
        '1001 entities in all',
        { metrics: Array.from({ length: 950 }, (_, i) => ({ key: 'm', value: i, timestamp: 1, step: i })), params: Array.from({ length: 51 }, (_, i) => ({ key: `p${i}`, value: 'v' })) },
        'at most 1000 metrics, params, and tags. Got 1001 metrics, params, and tags.',
      ],
      ['a key of 251 characters', { params: [{ key: 'k'.repeat(251), value: 'v' }] }, 'which exceeded length limit of 250'],
      ['a param value of 6001 characters', { params: [{ key: 'p', value: 'v'.repeat(6001) }] }, 'Param value'],
      ['a tag value of 8001 characters', { tags: [{ key: 't', value: 'v'.repeat(8001) }] }, 'exceeded length limit of 8000'],
      ['a key with forbidden characters', { params: [{ key: 'a*b', value: 'v' }] }, "Invalid parameter name: 'a*b'. Names may only contain alphanumerics"],
      ['a key that resolves to another path', { metrics: [{ key: 'a/../b', value: 1, timestamp: 1 }] }, "Invalid metric name: 'a/../b'. Names may be treated as files"],
      [
        'duplicate param keys',
        {
          params: [
            { key: 'p', value: '1' },
            { key: 'p', value: '2' },
          ],
        },
        "Duplicate parameter keys have been submitted: ['p']",
      ],
      [
        'duplicate tag keys',
        {
          tags: [
            { key: 't', value: '1' },
            { key: 't', value: '2' },
          ],
        },
        "Duplicate tag keys have been submitted: ['t']",
      ],
    ])('refuses a batch with %s and writes nothing', async (_case, batch, message) => {
      const { info } = await client.createRun({ experiment_id: experimentId });
      await expectMlflowError(client.logBatch(info.run_id, batch), 'INVALID_PARAMETER_VALUE', 400, message);
      const run = await client.getRun(info.run_id);
      expect(run.data.metrics).toBeUndefined();
      expect(run.data.params).toBeUndefined();
    });

    it('accepts a tag value of exactly 8000 characters and a batch of exactly 1000 metrics', async () => {
      const { info } = await client.createRun({ experiment_id: experimentId });
      await client.logBatch(info.run_id, {
        metrics: Array.from({ length: 1000 }, (_, step) => ({ key: 'm', value: step, timestamp: 1, step })),
      });
      await client.setTag(info.run_id, 'long', 'v'.repeat(8000));
      expect((await client.getMetricHistory(info.run_id, 'm')).items).toHaveLength(1000);
    });

    it('updates, deletes and restores a run, and refuses to log to a deleted one', async () => {
      const { info } = await client.createRun({ experiment_id: experimentId });
      const updated = await client.updateRun(info.run_id, { status: 'FINISHED', end_time: info.start_time + 5, run_name: 'renamed' });
      expect(updated).toMatchObject({ status: 'FINISHED', end_time: info.start_time + 5, run_name: 'renamed' });
      expect((await client.getRun(info.run_id)).data.tags).toContainEqual({ key: 'mlflow.runName', value: 'renamed' });
      await client.deleteRun(info.run_id);
      await expectMlflowError(client.logParam(info.run_id, 'p', 'v'), 'INVALID_PARAMETER_VALUE', 400, `The run ${info.run_id} must be in the 'active' state. Current state is deleted.`);
      await client.restoreRun(info.run_id);
      await client.logParam(info.run_id, 'p', 'v');
    });

    it('deletes a tag, and says so when there is none', async () => {
      const { info } = await client.createRun({ experiment_id: experimentId });
      await client.setTag(info.run_id, 'gone', 'soon');
      await client.deleteTag(info.run_id, 'gone');
      await expectMlflowError(client.deleteTag(info.run_id, 'gone'), 'RESOURCE_DOES_NOT_EXIST', 404, `No tag with name: gone in run with id ${info.run_id}`);
    });

    it('records dataset inputs once and returns them with the run', async () => {
      const { info } = await client.createRun({ experiment_id: experimentId });
      const input = {
        dataset: { name: 'train', digest: 'd41d8cd9', source_type: 's3', source: '{"uri": "s3://data/train.parquet"}' },
        tags: [{ key: 'mlflow.data.context', value: 'training' }],
      };
      await client.logInputs(info.run_id, [input]);
      await client.logInputs(info.run_id, [input]);
      expect((await client.getRun(info.run_id)).inputs.dataset_inputs).toEqual([input]);
    });

    it('searches with metric, param, tag and attribute filters, ordered, in pages', async () => {
      const id = await client.createExperiment(unique('search'));
      const created: string[] = [];
      for (let i = 0; i < 7; i++) {
        const { info } = await client.createRun({ experiment_id: id, start_time: 1000 + i });
        await client.logBatch(info.run_id, {
          metrics: [{ key: 'acc', value: i / 10, timestamp: 1 }],
          params: [{ key: 'p', value: i % 2 === 0 ? 'a' : 'b' }],
          tags: [{ key: 't', value: `tag-${i}-x` }],
        });
        created.push(info.run_id);
      }
      await client.updateRun(created[6]!, { status: 'FAILED' });
      const matching = await client.searchRuns([id], { filter: "metrics.acc > 0.15 and params.p = 'a' and tags.t LIKE '%-x'" });
      expect(matching.items.map((run) => run.info.run_id)).toEqual([created[6], created[4], created[2]]);
      const failed = await client.searchRuns([id], { filter: "attributes.status = 'FAILED'" });
      expect(failed.items.map((run) => run.info.run_id)).toEqual([created[6]]);
      const ordered = await client.searchRuns([id], { order_by: ['metrics.acc ASC'], max_results: 3 });
      expect(ordered.items.map((run) => run.info.run_id)).toEqual(created.slice(0, 3));
      const seen: string[] = [];
      let token: string | undefined;
      do {
        const page = await client.searchRuns([id], { max_results: 3, page_token: token });
        seen.push(...page.items.map((run) => run.info.run_id));
        token = page.next_page_token;
      } while (token);
      expect(seen).toEqual([...created].reverse());
    });
  });

  describe('model registry', () => {
    let runId: string;
    beforeAll(async () => {
      const experimentId = await client.createExperiment(unique('registry'));
      runId = (await client.createRun({ experiment_id: experimentId })).info.run_id;
    });

    it('registers versions linked to their run, numbered without reuse', async () => {
      const name = unique('model');
      await client.createRegisteredModel(name, { description: 'churn', tags: [{ key: 'owner', value: 'ml' }] });
      await expectMlflowError(client.createRegisteredModel(name), 'RESOURCE_ALREADY_EXISTS', 400, `Registered Model (name=${name}) already exists.`);
      const v1 = await client.createModelVersion({ name, source: `runs:/${runId}/model`, run_id: runId });
      const v2 = await client.createModelVersion({ name, source: `runs:/${runId}/model`, run_id: runId });
      expect([v1.version, v2.version]).toEqual(['1', '2']);
      expect(v1).toMatchObject({ run_id: runId, status: 'READY', current_stage: 'None', source: `runs:/${runId}/model` });
      const run = await client.getRun(runId);
      expect(await client.getModelVersionDownloadUri(name, '1')).toBe(`${run.info.artifact_uri}/model`);
      await client.deleteModelVersion(name, '2');
      expect((await client.createModelVersion({ name, source: 's3://bucket/model' })).version).toBe('3');
      const model = await client.getRegisteredModel(name);
      expect(model).toMatchObject({ name, description: 'churn', tags: [{ key: 'owner', value: 'ml' }] });
      expect(model.latest_versions?.map((v) => v.version)).toEqual(['3']);
      await expectMlflowError(client.createModelVersion({ name, source: 's3://b/m', run_id: 'nope' }), 'RESOURCE_DOES_NOT_EXIST', 404, 'Run with id=nope not found');
      await expectMlflowError(client.createModelVersion({ name, source: '/etc/passwd' }), 'INVALID_PARAMETER_VALUE', 400, 'Invalid model version source');
      await expectMlflowError(client.createModelVersion({ name, source: 's3://bucket/a/../../b' }), 'INVALID_PARAMETER_VALUE', 400, 'relative path references');
    });

    it('moves, reads and deletes aliases; deleting a version drops its aliases', async () => {
      const name = unique('aliased');
      await client.createRegisteredModel(name);
      await client.createModelVersion({ name, source: 's3://bucket/v1' });
      await client.createModelVersion({ name, source: 's3://bucket/v2' });
      await client.setRegisteredModelAlias(name, 'champion', '1');
      await client.setRegisteredModelAlias(name, 'champion', '2');
      await client.setRegisteredModelAlias(name, 'challenger', '1');
      expect((await client.getModelVersionByAlias(name, 'champion')).version).toBe('2');
      expect((await client.getModelVersion(name, '2')).aliases).toEqual(['champion']);
      expect((await client.getRegisteredModel(name)).aliases).toEqual([
        { alias: 'challenger', version: '1' },
        { alias: 'champion', version: '2' },
      ]);
      await client.deleteModelVersion(name, '1');
      await expectMlflowError(client.getModelVersionByAlias(name, 'challenger'), 'INVALID_PARAMETER_VALUE', 400, 'Registered model alias challenger not found.');
      await client.deleteRegisteredModelAlias(name, 'champion');
      await expectMlflowError(client.getModelVersionByAlias(name, 'champion'), 'INVALID_PARAMETER_VALUE', 400, 'Registered model alias champion not found.');
      await expectMlflowError(client.setRegisteredModelAlias(name, 'champion', '9'), 'RESOURCE_DOES_NOT_EXIST', 404, `Model Version (name=${name}, version=9) not found`);
      await expectMlflowError(client.setRegisteredModelAlias(name, 'Latest', '2'), 'INVALID_PARAMETER_VALUE', 400, "'latest' alias name (case insensitive) is reserved.");
      await expectMlflowError(client.setRegisteredModelAlias(name, 'v3', '2'), 'INVALID_PARAMETER_VALUE', 400, "Version alias name 'v3' is reserved.");
    });

    it('renames a model with its versions, tags and aliases, and searches models and versions', async () => {
      const prefix = unique('renamed');
      await client.createRegisteredModel(`${prefix}-old`);
      await client.createModelVersion({ name: `${prefix}-old`, source: 's3://bucket/m', run_id: runId });
      await client.setRegisteredModelAlias(`${prefix}-old`, 'prod', '1');
      await client.setModelVersionTag(`${prefix}-old`, '1', 'validated', 'yes');
      await client.setRegisteredModelTag(`${prefix}-old`, 'domain', 'fraud');
      await client.renameRegisteredModel(`${prefix}-old`, `${prefix}-new`);
      await expectMlflowError(client.getRegisteredModel(`${prefix}-old`), 'RESOURCE_DOES_NOT_EXIST', 404, `Registered Model with name=${prefix}-old not found`);
      const moved = await client.getModelVersionByAlias(`${prefix}-new`, 'prod');
      expect(moved).toMatchObject({ name: `${prefix}-new`, version: '1', tags: [{ key: 'validated', value: 'yes' }] });
      await client.createRegisteredModel(`${prefix}-other`);
      const page1 = await client.searchRegisteredModels({ filter: `name LIKE '${prefix}%'`, max_results: 1 });
      const page2 = await client.searchRegisteredModels({ filter: `name LIKE '${prefix}%'`, max_results: 1, page_token: page1.next_page_token });
      expect([...page1.items, ...page2.items].map((m) => m.name)).toEqual([`${prefix}-new`, `${prefix}-other`]);
      expect(page2.next_page_token).toBeUndefined();
      const byTag = await client.searchRegisteredModels({ filter: "tags.domain = 'fraud'" });
      expect(byTag.items.map((m) => m.name)).toContain(`${prefix}-new`);
      const versions = await client.searchModelVersions({ filter: `run_id = '${runId}' AND name = '${prefix}-new'` });
      expect(versions.items.map((v) => [v.name, v.version])).toEqual([[`${prefix}-new`, '1']]);
      await client.deleteModelVersionTag(`${prefix}-new`, '1', 'validated');
      await client.deleteRegisteredModelTag(`${prefix}-new`, 'domain');
      await client.updateRegisteredModel(`${prefix}-new`, 'described');
      await client.updateModelVersion(`${prefix}-new`, '1', 'first');
      expect((await client.getModelVersion(`${prefix}-new`, '1')).tags).toBeUndefined();
      expect((await client.getRegisteredModel(`${prefix}-new`)).description).toBe('described');
      await client.deleteRegisteredModel(`${prefix}-new`);
      await expectMlflowError(client.getModelVersion(`${prefix}-new`, '1'), 'RESOURCE_DOES_NOT_EXIST', 404);
    });

    it('writes every registry change to the audit trail with who and when', async () => {
      const name = unique('audited');
      const before = Date.now() - 1000;
      await client.createRegisteredModel(name);
      await client.createModelVersion({ name, source: 's3://bucket/1' });
      await client.createModelVersion({ name, source: 's3://bucket/2' });
      await client.setRegisteredModelAlias(name, 'prod', '1');
      await client.setRegisteredModelAlias(name, 'prod', '2');
      await client.deleteRegisteredModel(name);
      const { events } = await client.readAudit({ resource: `registered-models/${name}` });
      expect(events.map((event) => [event.action, event.resource])).toEqual([
        ['create_registered_model', `registered-models/${name}`],
        ['create_model_version', `registered-models/${name}/versions/1`],
        ['create_model_version', `registered-models/${name}/versions/2`],
        ['set_registered_model_alias', `registered-models/${name}`],
        ['set_registered_model_alias', `registered-models/${name}`],
        ['delete_registered_model', `registered-models/${name}`],
      ]);
      expect(events[4]!.details).toEqual({ alias: 'prod', version: '2', previous_version: '1' });
      for (const event of events) {
        expect(event.actor).toBe('anonymous');
        expect(Date.parse(event.time)).toBeGreaterThan(before);
      }
    });
  });

  describe('MLflow 3 additions', () => {
    it('logs a model, registers it from models:/m-<id>, moves it through stages and lists run artifacts', async () => {
      const experimentId = await client.createExperiment(unique('mlflow3'));
      const run = await client.createRun({ experiment_id: experimentId });
      const model = await client.createLoggedModel(experimentId, { name: 'clf', source_run_id: run.info.run_id, params: [{ key: 'depth', value: '4' }] });
      expect(model.info).toMatchObject({ name: 'clf', status: 'LOGGED_MODEL_PENDING', source_run_id: run.info.run_id });
      await client.uploadArtifact(`${model.info.artifact_uri.replace('mlflow-artifacts:/', '')}/MLmodel`, 'flavors: {}\n');
      expect((await client.finalizeLoggedModel(model.info.model_id, 'LOGGED_MODEL_READY')).info.status).toBe('LOGGED_MODEL_READY');
      expect((await client.getLoggedModel(model.info.model_id)).data.params).toEqual([{ key: 'depth', value: '4' }]);
      expect((await client.searchLoggedModels([experimentId], { filter: "params.depth = '4'" })).items.map((m) => m.info.model_id)).toEqual([model.info.model_id]);

      const name = unique('staged');
      await client.createRegisteredModel(name);
      const version = await client.createModelVersion({ name, source: `models:/${model.info.model_id}`, run_id: run.info.run_id });
      expect(version.model_id).toBe(model.info.model_id);
      expect(await client.getModelVersionDownloadUri(name, '1')).toBe(model.info.artifact_uri);
      expect((await client.transitionModelVersionStage(name, '1', 'Production')).current_stage).toBe('Production');
      expect((await client.getLatestVersions(name, ['Production'])).map((v) => v.version)).toEqual(['1']);
      expect(await client.getLatestVersions(name, ['Staging'])).toEqual([]);

      await client.uploadArtifact(`${run.info.artifact_uri.replace('mlflow-artifacts:/', '')}/plots/roc.png`, 'png');
      expect(await client.listRunArtifacts(run.info.run_id)).toEqual([{ path: 'plots', is_dir: true }]);
      expect(await client.listRunArtifacts(run.info.run_id, 'plots')).toEqual([{ path: 'plots/roc.png', is_dir: false, file_size: 3 }]);
    });
  });

  describe('artifact proxy', () => {
    it('uploads, lists, downloads and deletes artifacts; refuses paths that leave the root', async () => {
      const base = `${unique('exp')}/run/artifacts`;
      await client.uploadArtifact(`${base}/model/weights.bin`, Buffer.from([0, 1, 2, 255]));
      await client.uploadArtifact(`${base}/metrics.json`, '{"a": 1}');
      expect(await client.listArtifacts(base)).toEqual([
        { path: 'metrics.json', is_dir: false, file_size: 8 },
        { path: 'model', is_dir: true },
      ]);
      expect([...(await client.downloadArtifact(`${base}/model/weights.bin`))]).toEqual([0, 1, 2, 255]);
      expect((await client.downloadArtifact(`${base}/metrics.json`)).toString()).toBe('{"a": 1}');
      await client.deleteArtifact(`${base}/model`);
      expect((await client.listArtifacts(base)).map((file) => file.path)).toEqual(['metrics.json']);
      await expectMlflowError(client.downloadArtifact(`${base}/model/weights.bin`), 'RESOURCE_DOES_NOT_EXIST', 404);
      await expectMlflowError(client.downloadArtifact(`${base}/..%2f..%2fsecret`), 'INVALID_PARAMETER_VALUE', 400, /Invalid (artifact )?path/);
      await expectMlflowError(client.listArtifacts('../etc'), 'INVALID_PARAMETER_VALUE', 400, /Invalid (artifact )?path/);
    });
  });
}

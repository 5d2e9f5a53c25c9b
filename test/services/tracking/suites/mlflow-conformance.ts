import type { HarnessFactory, TrackingHarness } from '../support/tracking-harness';

interface Answer {
  readonly status: number;
  readonly body: Record<string, any>;
}

/**
 * The API as MLflow's Python client uses it (mlflow/utils/rest_utils.py, store/tracking/rest_store.py):
 * GET parameters in the query string with repeated keys for lists, a JSON body for every other
 * method (DELETE included), protobuf's JSON mapping (int64 values may arrive as strings, doubles as
 * "NaN"/"Infinity"), error answers `{error_code, message}` whose status decides whether it retries.
 */
export function describeMlflowConformance(start: HarnessFactory): void {
  let harness: TrackingHarness;
  beforeAll(async () => {
    harness = await start();
  });
  afterAll(() => harness?.close());

  async function get(path: string, query: Record<string, string | string[]> = {}): Promise<Answer> {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) for (const item of [value].flat()) search.append(key, item);
    const response = await fetch(`${harness.url}/api/2.0/mlflow/${path}?${search}`);
    return { status: response.status, body: await response.json() };
  }

  async function send(method: string, path: string, body: unknown): Promise<Answer> {
    const response = await fetch(`${harness.url}/api/2.0/mlflow/${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: response.status, body: await response.json() };
  }

  async function newRun(): Promise<{ experimentId: string; runId: string }> {
    const experiment = await send('POST', 'experiments/create', { name: `conformance-${Math.random()}` });
    const run = await send('POST', 'runs/create', { experiment_id: experiment.body.experiment_id, start_time: '1700000000000', tags: [{ key: 'mlflow.user', value: 'py' }] });
    return { experimentId: experiment.body.experiment_id, runId: run.body.run.info.run_id };
  }

  it('answers with ids as strings, times as numbers, enums as names and unset fields left out', async () => {
    const { experimentId, runId } = await newRun();
    const { body } = await get('runs/get', { run_id: runId });
    expect(body.run.info).toEqual({
      run_id: runId,
      run_uuid: runId,
      run_name: expect.any(String),
      experiment_id: experimentId,
      user_id: 'py',
      status: 'RUNNING',
      start_time: 1700000000000,
      artifact_uri: `mlflow-artifacts:/${experimentId}/${runId}/artifacts`,
      lifecycle_stage: 'active',
    });
    const empty = await send('POST', 'runs/search', { experiment_ids: [experimentId], filter: "params.none = 'x'" });
    expect(empty).toEqual({ status: 200, body: {} });
  });

  it('reads int64 fields sent as strings and doubles sent as protobuf strings', async () => {
    const { runId } = await newRun();
    const batch = {
      run_id: runId,
      metrics: [
        { key: 'a', value: 'NaN', timestamp: '1700000000001', step: '3' },
        { key: 'b', value: 'Infinity', timestamp: 1700000000001 },
        { key: 'c', value: '-Infinity', timestamp: 1700000000001 },
        { key: 'd', value: 0.25, timestamp: 1700000000001 },
      ],
    };
    expect(await send('POST', 'runs/log-batch', batch)).toEqual({ status: 200, body: {} });
    expect((await send('POST', 'runs/log-metric', { run_id: runId, key: 'e', value: 1.5, timestamp: 1700000000002 })).status).toBe(200);
    const { body } = await get('runs/get', { run_id: runId });
    expect(body.run.data.metrics).toEqual([
      { key: 'a', value: 'NaN', timestamp: 1700000000001, step: 3 },
      { key: 'b', value: 'Infinity', timestamp: 1700000000001, step: 0 },
      { key: 'c', value: '-Infinity', timestamp: 1700000000001, step: 0 },
      { key: 'd', value: 0.25, timestamp: 1700000000001, step: 0 },
      { key: 'e', value: 1.5, timestamp: 1700000000002, step: 0 },
    ]);
    const history = await get('metrics/get-history', { run_id: runId, metric_key: 'a' });
    expect(history.body).toEqual({ metrics: [{ key: 'a', value: 'NaN', timestamp: 1700000000001, step: 3 }] });
  });

  it('takes repeated query keys as lists on GET', async () => {
    const prefix = `listy-${Math.random()}`;
    for (const suffix of ['a', 'b', 'c']) await send('POST', 'experiments/create', { name: `${prefix}-${suffix}` });
    const { body } = await get('experiments/search', { filter: `name LIKE '${prefix}%'`, order_by: ['name DESC', 'creation_time ASC'], max_results: '2' });
    expect(body.experiments.map((e: { name: string }) => e.name)).toEqual([`${prefix}-c`, `${prefix}-b`]);
    const next = await get('experiments/search', { filter: `name LIKE '${prefix}%'`, order_by: ['name DESC'], max_results: '2', page_token: body.next_page_token });
    expect(next.body.experiments.map((e: { name: string }) => e.name)).toEqual([`${prefix}-a`]);
    expect(next.body.next_page_token).toBeUndefined();
  });

  it('pages through search_runs with page_token the way the client loops', async () => {
    const { experimentId } = await newRun();
    const created = new Set<string>();
    for (let i = 0; i < 11; i++) created.add((await send('POST', 'runs/create', { experiment_id: experimentId, start_time: i })).body.run.info.run_id);
    const seen: string[] = [];
    let pageToken: string | undefined;
    let pages = 0;
    do {
      const { body } = await send('POST', 'runs/search', { experiment_ids: [experimentId], max_results: 4, page_token: pageToken, order_by: ['attributes.start_time ASC'] });
      seen.push(...body.runs.map((run: { info: { run_id: string } }) => run.info.run_id));
      pageToken = body.next_page_token;
      pages++;
    } while (pageToken);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(12);
    expect(new Set(seen).size).toBe(12);
    for (const runId of created) expect(seen).toContain(runId);
  });

  it.each([
    ['GET', 'runs/get', { run_id: 'no-such-run' }, 404, 'RESOURCE_DOES_NOT_EXIST', 'Run with id=no-such-run not found'],
    ['GET', 'runs/get', {}, 400, 'INVALID_PARAMETER_VALUE', "Missing value for required parameter 'run_id'"],
    ['GET', 'experiments/get', { experiment_id: '999999' }, 404, 'RESOURCE_DOES_NOT_EXIST', 'No Experiment with id=999999 exists'],
    ['GET', 'experiments/get', { experiment_id: 'not-a-number' }, 404, 'RESOURCE_DOES_NOT_EXIST', 'No Experiment with id=not-a-number exists'],
    ['GET', 'experiments/get-by-name', { experiment_name: 'nope' }, 404, 'RESOURCE_DOES_NOT_EXIST', "Could not find experiment with name 'nope'"],
    ['POST', 'runs/log-parameter', { run_id: 'x', value: 'v' }, 400, 'INVALID_PARAMETER_VALUE', "Missing value for required parameter 'key'. See the API docs for more information about request parameters."],
    ['POST', 'runs/log-batch', { run_id: 'x', metrics: [{ key: 'm', value: 1 }] }, 400, 'INVALID_PARAMETER_VALUE', "Missing value for required parameter 'metrics[0].timestamp'"],
    ['POST', 'runs/log-batch', { run_id: 'x', params: [{ value: 'v' }] }, 400, 'INVALID_PARAMETER_VALUE', "Missing value for required parameter 'params[0].key'"],
    ['POST', 'runs/log-metric', { run_id: 'x', key: 'm', value: 'high', timestamp: 1 }, 400, 'INVALID_PARAMETER_VALUE', 'Got invalid value high for metric'],
    ['POST', 'runs/search', { experiment_ids: ['0'], max_results: 50001 }, 400, 'INVALID_PARAMETER_VALUE', "Invalid value 50001 for parameter 'max_results' supplied"],
    ['POST', 'runs/search', { experiment_ids: ['0'], page_token: 'not base64!' }, 400, 'INVALID_PARAMETER_VALUE', 'Invalid page token'],
    ['POST', 'runs/search', { experiment_ids: ['0'], filter: 'metrics.acc > high' }, 400, 'INVALID_PARAMETER_VALUE', 'Invalid filter'],
    ['POST', 'runs/search', { experiment_ids: ['0'], filter: "metrics.acc LIKE 'x'" }, 400, 'INVALID_PARAMETER_VALUE', "Invalid comparator 'LIKE'"],
    ['POST', 'runs/search', { experiment_ids: ['0'], filter: "bogus.acc = 'x'" }, 400, 'INVALID_PARAMETER_VALUE', "Invalid entity type 'bogus'"],
    ['POST', 'runs/search', { experiment_ids: ['0'], order_by: ['metrics.acc sideways'] }, 400, 'INVALID_PARAMETER_VALUE', 'Invalid ordering key'],
    ['POST', 'experiments/create', { name: 'x'.repeat(501) }, 400, 'INVALID_PARAMETER_VALUE', 'Experiment name exceeds the maximum length of 500 characters'],
    ['GET', 'registered-models/get', { name: 'nope' }, 404, 'RESOURCE_DOES_NOT_EXIST', 'Registered Model with name=nope not found'],
    ['GET', 'model-versions/get', { name: 'nope', version: 'one' }, 400, 'INVALID_PARAMETER_VALUE', "Model version must be an integer, got 'one'"],
    ['GET', 'no/such/endpoint', {}, 404, 'ENDPOINT_NOT_FOUND', 'No endpoint'],
  ] as const)('%s %s %j → %i %s', async (method, path, input, status, errorCode, message) => {
    const answer = method === 'GET' ? await get(path, input as Record<string, string>) : await send(method, path, input);
    expect(answer.status).toBe(status);
    expect(answer.body.error_code).toBe(errorCode);
    expect(answer.body.message).toContain(message);
  });

  it('never answers bad input with a 5xx, which the Python client would retry until it gives up', async () => {
    const { runId } = await newRun();
    const bad: [string, string, unknown][] = [
      ['POST', 'runs/log-batch', '{"run_id": '],
      ['POST', 'runs/log-batch', '[1, 2]'],
      ['POST', 'runs/log-batch', { run_id: runId, metrics: 'lots' }],
      ['POST', 'runs/log-batch', { run_id: runId, metrics: [{ key: 'm', value: null, timestamp: 1 }] }],
      ['POST', 'runs/log-batch', { run_id: runId, metrics: [{ key: 'm', value: 1, timestamp: -5 }] }],
      ['POST', 'runs/log-batch', { run_id: runId, metrics: [{ key: 'm', value: 1, timestamp: 1e300 }] }],
      ['POST', 'runs/log-metric', { run_id: runId, key: { nested: true }, value: 1, timestamp: 1 }],
      ['POST', 'runs/create', { experiment_id: '99999999999999999999999' }],
      ['POST', 'runs/create', { experiment_id: "0'; DROP TABLE runs; --" }],
      ['POST', 'runs/update', { run_id: runId, status: 'EXPLODED' }],
      ['POST', 'runs/search', { experiment_ids: ['0'], filter: "params.p = 'unterminated" }],
      ['POST', 'runs/search', { experiment_ids: ['0'], filter: 'metrics.a > 1 OR metrics.b < 2' }],
      ['POST', 'runs/search', { experiment_ids: { '0': true } }],
      ['POST', 'runs/search', { experiment_ids: ['0'], max_results: -1 }],
      ['POST', 'runs/search', { experiment_ids: ['0'], page_token: Buffer.from('{"offset": "x"}').toString('base64') }],
      ['POST', 'experiments/search', { view_type: 'SOMETIMES' }],
      ['POST', 'registered-models/alias', { name: 'm', alias: 'a b', version: '1' }],
      ['POST', 'model-versions/create', { name: 'nope', source: 's3://b/m' }],
      ['PATCH', 'model-versions/update', { name: 'nope', version: '99999999999999' }],
      ['DELETE', 'registered-models/delete', 'not json'],
    ];
    for (const [method, path, body] of bad) {
      const answer = await send(method, path, body);
      expect({ path, body, status: answer.status < 500, error_code: typeof answer.body.error_code }).toEqual({ path, body, status: true, error_code: 'string' });
    }
    expect((await get('runs/get', { run_id: runId })).body.run.data).toEqual({ tags: expect.any(Array) });
  });

  it('follows the alias flow of MlflowClient: set, move, resolve, delete', async () => {
    const name = `aliases-${Math.random()}`;
    await send('POST', 'registered-models/create', { name });
    for (const source of ['s3://b/1', 's3://b/2']) await send('POST', 'model-versions/create', { name, source });
    expect(await send('POST', 'registered-models/alias', { name, alias: 'champion', version: '1' })).toEqual({ status: 200, body: {} });
    await send('POST', 'registered-models/alias', { name, alias: 'champion', version: '2' });
    const resolved = await get('registered-models/alias', { name, alias: 'champion' });
    expect(resolved.body.model_version).toMatchObject({ name, version: '2', aliases: ['champion'], status: 'READY' });
    expect((await get('model-versions/get', { name, version: '1' })).body.model_version.aliases).toBeUndefined();
    expect(await send('DELETE', 'registered-models/alias', { name, alias: 'champion' })).toEqual({ status: 200, body: {} });
    const gone = await get('registered-models/alias', { name, alias: 'champion' });
    expect(gone).toEqual({ status: 400, body: { error_code: 'INVALID_PARAMETER_VALUE', message: 'Registered model alias champion not found.' } });
  });

  it('registers a model as mlflow.register_model does: create (existing is fine), create version, poll until READY', async () => {
    const { runId } = await newRun();
    const name = `registered-${Math.random()}`;
    for (let attempt = 0; attempt < 2; attempt++) {
      const created = await send('POST', 'registered-models/create', { name });
      expect(attempt === 0 ? created.status : created.body.error_code).toBe(attempt === 0 ? 200 : 'RESOURCE_ALREADY_EXISTS');
    }
    const { body } = await send('POST', 'model-versions/create', { name, source: `runs:/${runId}/model`, run_id: runId, tags: [{ key: 'k', value: 'v' }] });
    let version = body.model_version;
    for (let poll = 0; version.status === 'PENDING_REGISTRATION' && poll < 10; poll++) {
      version = (await get('model-versions/get', { name, version: version.version })).body.model_version;
    }
    expect(version).toMatchObject({ name, version: '1', status: 'READY', run_id: runId, tags: [{ key: 'k', value: 'v' }] });
    const uri = await get('model-versions/get-download-uri', { name, version: '1' });
    expect(uri.body.artifact_uri).toMatch(new RegExp(`^mlflow-artifacts:/\\d+/${runId}/artifacts/model$`));
    expect((await send('DELETE', 'registered-models/delete', { name })).status).toBe(200);
    expect((await get('registered-models/get', { name })).status).toBe(404);
  });
}

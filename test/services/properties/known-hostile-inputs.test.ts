import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createDriftServer, type DriftServer } from '../../../services/drift/service/drift-server';
import type { Service } from '../../../services/kit/server/create-service';
import { TokenTable } from '../../../services/kit/server/tokens';
import { createTrackingServer } from '../../../services/tracking/server';

// Each input that once answered 5xx (or killed the process), with the answer it gets now.

interface Sent {
  readonly method?: string;
  readonly contentType?: string;
  readonly body?: string;
}

async function call(base: string, url: string, { method, contentType, body }: Sent = {}) {
  const response = await fetch(`${base}${url}`, {
    method: method ?? (body === undefined ? 'GET' : 'POST'),
    headers: contentType === undefined ? (body === undefined ? {} : { 'content-type': 'application/json' }) : { 'content-type': contentType },
    body,
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: () => JSON.parse(text) as Record<string, unknown> };
}

const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

describe('tracking: inputs that were 5xx are 4xx in MLflow’s error shape', () => {
  let service: Service;
  let base: string;
  let artifacts: string;
  let runId: string;
  beforeAll(async () => {
    artifacts = mkdtempSync(path.join(tmpdir(), 'plinth-hostile-'));
    service = await createTrackingServer({ database: 'memory:', artifacts, tokens: new TokenTable([]), logLevel: 'silent' });
    base = await service.listen({ port: 0, host: '127.0.0.1' });
    const experiment = (await call(base, '/api/2.0/mlflow/experiments/create', { body: '{"name":"hostile"}' })).json();
    runId = ((await call(base, '/api/2.0/mlflow/runs/create', { body: JSON.stringify({ experiment_id: experiment.experiment_id }) })).json().run as { info: { run_id: string } }).info.run_id;
    await call(base, '/api/2.0/mlflow/registered-models/create', { body: '{"name":"hostile-model"}' });
  });
  afterAll(async () => {
    await service?.close();
    rmSync(artifacts, { recursive: true, force: true });
  });

  const NUL = '"a\\u0000b"';
  const SURROGATE = '"a\\ud800b"';
  it.each<[string, string, string, string]>([
    ['an experiment name with NUL', '/experiments/create', `{"name":${NUL}}`, 'name'],
    ['an experiment name with a lone surrogate', '/experiments/create', `{"name":${SURROGATE}}`, 'name'],
    ['an experiment tag with NUL', '/experiments/create', `{"name":"t","tags":[{"key":"k","value":${NUL}}]}`, 'tags[0].value'],
    ['a run name with NUL', '/runs/create', `{"experiment_id":"0","run_name":${NUL}}`, 'run_name'],
    ['a run tag with NUL', '/runs/create', `{"experiment_id":"0","tags":[{"key":${NUL},"value":"v"}]}`, 'tags[0].key'],
    ['a param in log-batch with NUL', '/runs/log-batch', `{"run_id":"RUN","params":[{"key":"p","value":${NUL}}]}`, 'params[0].value'],
    ['a tag in set-tag with a lone surrogate', '/runs/set-tag', `{"run_id":"RUN","key":"k","value":${SURROGATE}}`, 'value'],
    ['a registered model name with NUL', '/registered-models/create', `{"name":${NUL}}`, 'name'],
    ['a registered model description with NUL', '/registered-models/create', `{"name":"d","description":${NUL}}`, 'description'],
    ['a runs/search filter value with NUL', '/runs/search', `{"filter":"params.p = 'a\\u0000'"}`, 'filter'],
  ])('%s: 400 naming the field', async (_, endpoint, body, field) => {
    const response = await call(base, `/api/2.0/mlflow${endpoint}`, { body: body.replace('RUN', runId) });
    expect(response.status).toBe(400);
    expect(response.json()).toEqual({ error_code: 'INVALID_PARAMETER_VALUE', message: expect.stringContaining(`'${field}' in the request body`) });
  });

  it('refuses NUL in a query string, and Infinity where an integer is expected', async () => {
    const byName = await call(base, '/api/2.0/mlflow/experiments/get-by-name?experiment_name=a%00');
    expect(byName.status).toBe(400);
    expect(byName.json().message).toContain("'experiment_name' in the query string: it contains a NUL character");
    const history = await call(base, `/api/2.0/mlflow/metrics/get-history?run_id=${runId}&metric_key=m&max_results=Infinity`);
    expect(history.status).toBe(400);
    expect(history.json().message).toBe("Invalid value for 'max_results' in the query string: Infinity is not a finite number");
    const timestamp = await call(base, '/api/2.0/mlflow/runs/log-metric', { body: `{"run_id":"${runId}","key":"m","value":1,"timestamp":1e400}` });
    expect(timestamp.status).toBe(400);
    expect(timestamp.json().message).toMatch(/^Invalid value Infinity for parameter 'timestamp'/);
  });

  it('survives an artifact_location nested 5000 deep (it killed the process), and keeps serving', async () => {
    const response = await call(base, '/api/2.0/mlflow/experiments/create', { body: `{"name":"deep","artifact_location":${nested(5000)}}` });
    expect(response.status).toBe(400);
    expect(response.json().message).toContain('is nested more than 64 levels deep');
    expect((await call(base, '/healthz')).status).toBe(200);
  });

  it('answers 415 for a body that is not JSON and 413 for one over the limit, in MLflow’s shape', async () => {
    const text = await call(base, '/api/2.0/mlflow/experiments/create', { contentType: 'text/plain', body: '{"name":"x"}' });
    expect(text.status).toBe(415);
    expect(text.json()).toEqual({ error_code: 'INVALID_PARAMETER_VALUE', message: "Unsupported Media Type 'text/plain' for POST /api/2.0/mlflow/experiments/create" });
    const big = await call(base, '/api/2.0/mlflow/experiments/create', { body: JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024) }) });
    expect(big.status).toBe(413);
    expect(big.json()).toEqual({ error_code: 'INVALID_PARAMETER_VALUE', message: 'Request body is too large: the limit is 1048576 bytes' });
    const badUrl = await call(base, '/api/2.0/mlflow/experiments/%zz');
    expect(badUrl.status).toBe(400);
    expect(badUrl.json().error_code).toBe('INVALID_PARAMETER_VALUE');
  });

  it('refuses a filter of 1,000 comparisons at once, and a filter of 50 stays a plain search', async () => {
    const filter = (count: number) => Array.from({ length: count }, (_, i) => `params.p${i} = 'x'`).join(' AND ');
    const refused = await call(base, '/api/2.0/mlflow/runs/search', { body: JSON.stringify({ experiment_ids: ['0'], filter: filter(1000) }) });
    expect(refused.status).toBe(400);
    expect(refused.json().message).toMatch(/^Invalid filter: .*at most/);
    const fine = await call(base, '/api/2.0/mlflow/runs/search', { body: JSON.stringify({ experiment_ids: ['0'], filter: filter(50) }) });
    expect(fine.status).toBe(200);
  });

  it('round-trips a non-ASCII artifact name, and refuses one longer than a file system allows', async () => {
    const name = encodeURIComponent('модель ☃.txt');
    expect((await call(base, `/api/2.0/mlflow-artifacts/artifacts/0/${name}`, { method: 'PUT', contentType: 'application/octet-stream', body: 'weights' })).status).toBe(200);
    const download = await call(base, `/api/2.0/mlflow-artifacts/artifacts/0/${name}`);
    expect(download.status).toBe(200);
    expect(download.text).toBe('weights');
    expect(download.headers.get('content-disposition')).toBe(`attachment; filename="______ _.txt"; filename*=UTF-8''${name}`);
    expect((await call(base, '/api/2.0/mlflow-artifacts/artifacts?path=0')).json()).toEqual({ files: [{ path: 'модель ☃.txt', is_dir: false, file_size: 7 }] });

    const long = await call(base, `/api/2.0/mlflow-artifacts/artifacts/0/${'a'.repeat(300)}`, { method: 'PUT', contentType: 'application/octet-stream', body: 'x' });
    expect(long.status).toBe(400);
    expect(long.json().message).toContain('at most 255 bytes per segment');
    const underFile = await call(base, `/api/2.0/mlflow-artifacts/artifacts/0/${name}/inside`, { method: 'PUT', contentType: 'application/octet-stream', body: 'x' });
    expect(underFile.status).toBe(400);
    expect(underFile.json()).toEqual({ error_code: 'RESOURCE_ALREADY_EXISTS', message: expect.stringContaining('conflicts with an existing file') });
  });
});

describe('drift: inputs that were 5xx are 4xx in Plinth’s error shape', () => {
  let server: DriftServer;
  let base: string;
  const api = '/api/drift/models';
  beforeAll(async () => {
    server = await createDriftServer({ database: 'memory:', tokens: new TokenTable([]), logStream: { write: () => undefined } });
    base = await server.service.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(() => server?.service.close());

  const reference = `x,city\n${Array.from({ length: 30 }, (_, i) => `${i},${'abc'[i % 3]}`).join('\n')}\n`;
  const form = (contentType: string, body: string) => ({ contentType, body });
  const part = (name: string, text: string) => `--b\r\nContent-Disposition: form-data; name="${name}"; filename="${name}"\r\n\r\n${text}\r\n`;

  it('serves model names of 101 to 128 characters, and refuses longer ones in its own shape', async () => {
    expect((await call(base, `${api}/${'m'.repeat(128)}/reference`, { contentType: 'text/csv', body: reference })).status).toBe(201);
    const tooLong = await call(base, `${api}/${'m'.repeat(129)}/reference`);
    expect(tooLong.status).toBe(400);
    expect(tooLong.json()).toEqual({ error: { code: 'invalid', message: expect.stringContaining('not a valid model name') } });
    const farTooLong = await call(base, `${api}/${'m'.repeat(2000)}/reference`);
    expect(farTooLong.status).toBe(400);
    expect(farTooLong.json()).toEqual({ error: { code: 'invalid', message: 'A segment of the URL path is too long: at most 1024 characters' } });
  });

  it.each<[string, Sent, string]>([
    ['a categorical value with NUL', { body: '[{"x":1,"city":"a\\u0000"},{"x":2,"city":"b"}]' }, "Invalid value for '[0].city' in the request body: it contains a NUL character"],
    ['a categorical value with a lone surrogate', { body: '{"rows":[{"x":1,"city":"\\udfff"}]}' }, "Invalid value for 'rows[0].city' in the request body: it contains a lone UTF-16 surrogate"],
    ['CSV with NUL', { contentType: 'text/csv', body: 'x,city\n1,a\u0000\n' }, 'The value of the request body contains a NUL character'],
    ['a form whose boundary is not the header’s', form('multipart/form-data; boundary=other', `${part('data', reference)}--b--\r\n`), 'malformed multipart/form-data body'],
    ['a form without a boundary', form('multipart/form-data', `${part('data', reference)}--b--\r\n`), 'malformed multipart/form-data body: Multipart: Boundary not found'],
    ['a form cut short', form('multipart/form-data; boundary=b', part('data', reference)), 'malformed multipart/form-data body'],
    [
      'a YAML alias bomb in the options',
      form('multipart/form-data; boundary=b', `${part('data', reference)}${part('options', 'a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n')}--b--\r\n`),
      'options: too many YAML aliases (at most 100 expansions)',
    ],
    ['JSON nested 5000 deep', { body: nested(5000) }, 'is nested more than 64 levels deep'],
  ])('%s: 400', async (_, sent, message) => {
    const response = await call(base, `${api}/hostile/reference`, sent);
    expect(response.status).toBe(400);
    expect(response.json()).toEqual({ error: { code: 'invalid', message: expect.stringContaining(message) } });
  });

  it('answers 415 for a content type it does not read, and keeps serving', async () => {
    const response = await call(base, `${api}/hostile/reference`, { contentType: 'text/plain', body: reference });
    expect(response.status).toBe(415);
    expect(response.json()).toEqual({ error: { code: 'unsupported-media-type', message: "Unsupported Media Type 'text/plain' for POST /api/drift/models/hostile/reference" } });
    expect((await call(base, '/healthz')).status).toBe(200);
  });
});

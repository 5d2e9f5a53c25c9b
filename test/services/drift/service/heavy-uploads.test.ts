import { request } from 'node:http';
import type { Clock } from '../../../../services/kit/clock';
import { type DriftServer, createDriftServer } from '../../../../services/drift/service/drift-server';
import { TokenTable } from '../../../../services/kit/server/tokens';

const ROWS = 1_000_000;
/** About 17 MB of CSV: parsing, typing and profiling it takes seconds, all of it in an analysis thread. */
const bigReference = () => {
  const lines = ['x,city,score'];
  for (let i = 0; i < ROWS; i++) lines.push(`${(i * 7919) % 100_000},c${i % 13},${(i % 1000) / 1000}`);
  return `${lines.join('\n')}\n`;
};

/** A POST over plain HTTP: `sent` resolves once the whole body is written, `answered` with the response. */
function post(url: string, body: string, contentType: string) {
  let sent!: () => void;
  const written = new Promise<void>((resolve) => (sent = resolve));
  const answered = new Promise<{ status: number; body: string }>((resolve, reject) => {
    const outgoing = request(url, { method: 'POST', headers: { 'content-type': contentType, 'content-length': Buffer.byteLength(body) } }, (response) => {
      let text = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
    });
    outgoing.on('error', reject);
    outgoing.end(body, sent);
  });
  return { written, answered };
}

describe('drift service under a large upload', () => {
  let server: DriftServer;
  let base: string;
  /** What happened, in the order it happened. */
  const order: string[] = [];
  // The monitor stamps a reference with the time as soon as it is profiled: that marks the end of the heavy work.
  const clock: Clock = {
    now: () => {
      if (!order.includes('reference profiled')) order.push('reference profiled');
      return new Date();
    },
    sleep: async () => undefined,
  };
  beforeAll(async () => {
    server = await createDriftServer({
      database: 'memory:',
      tokens: new TokenTable([]),
      monitor: { maxReferenceRows: ROWS },
      analysisThreads: 1,
      maxConcurrentUploads: 1,
      maxQueuedUploads: 0,
      logStream: { write: () => undefined },
      clock,
    });
    base = await server.service.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(() => server.service.close());

  it('answers health, readiness and metrics while the upload is parsed, and refuses an upload beyond the bound with Retry-After', async () => {
    const upload = post(`${base}/api/drift/models/big/reference`, bigReference(), 'text/csv');
    const uploaded = upload.answered.then((answer) => {
      order.push('upload');
      return answer;
    });
    await upload.written;

    const probe = async (name: string, path: string, init?: RequestInit) => {
      const response = await fetch(`${base}${path}`, init);
      order.push(name);
      return { status: response.status, retryAfter: response.headers.get('retry-after'), body: await response.text() };
    };
    const [health, ready, metrics, refused] = await Promise.all([
      probe('healthz', '/healthz'),
      probe('readyz', '/readyz'),
      probe('metrics', '/metrics'),
      probe('second upload', '/api/drift/models/other/reference', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'x\n1\n2\n' }),
    ]);
    const answer = await uploaded;

    // Parsing and profiling 10^6 rows ran in an analysis thread: the event loop answered the probes meanwhile.
    expect(order.slice(-2)).toEqual(['reference profiled', 'upload']);
    expect([health.status, ready.status, metrics.status]).toEqual([200, 200, 200]);
    expect(metrics.body).toContain('plinth_drift_rows_total');
    expect(refused).toMatchObject({ status: 429, retryAfter: '5' });
    expect(JSON.parse(refused.body)).toEqual({
      error: { code: 'too-many-requests', message: 'too many uploads under way (1 at a time, 0 waiting); send it again in 5 seconds' },
    });
    expect(answer.status).toBe(201);
    expect(JSON.parse(answer.body)).toMatchObject({ model: 'big', rows: ROWS, columns: [{ name: 'x', type: 'numeric' }, { name: 'city', type: 'categorical' }, { name: 'score', type: 'numeric' }] });

    // The turn has passed on: the next upload goes through.
    const next = await fetch(`${base}/api/drift/models/other/reference`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'x\n1\n2\n' });
    expect(next.status).toBe(201);
  }, 120_000);
});

describe('drift service: the upload bound', () => {
  let server: DriftServer;
  let base: string;
  beforeAll(async () => {
    server = await createDriftServer({ database: 'memory:', tokens: new TokenTable([]), maxConcurrentUploads: 1, maxQueuedUploads: 1, logStream: { write: () => undefined } });
    base = await server.service.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(() => server.service.close());

  const uploadsAre = async (active: number, waiting: number) => {
    const expected = [`plinth_drift_uploads{state="active"} ${active}`, `plinth_drift_uploads{state="waiting"} ${waiting}`];
    for (;;) {
      const metrics = await (await fetch(`${base}/metrics`)).text();
      if (expected.every((line) => metrics.includes(line))) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  it('gives the turn of an upload whose client went away while it waited to the next one', async () => {
    const csv = 'x\n1\n2\n';
    // An upload that holds its turn: its body comes in two halves.
    const slow = request(`${base}/api/drift/models/slow/reference`, { method: 'POST', headers: { 'content-type': 'text/csv', 'content-length': csv.length } });
    const slowAnswer = new Promise<number>((resolve) => slow.on('response', (response) => resolve(response.resume().statusCode ?? 0)));
    slow.write(csv.slice(0, 3));
    await uploadsAre(1, 0);

    const leaving = request(`${base}/api/drift/models/leaving/reference`, { method: 'POST', headers: { 'content-type': 'text/csv' } });
    leaving.on('error', () => undefined);
    leaving.end(csv);
    await uploadsAre(1, 1);
    leaving.destroy();

    slow.end(csv.slice(3));
    expect(await slowAnswer).toBe(201);
    await uploadsAre(0, 0);
    const next = await fetch(`${base}/api/drift/models/next/reference`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: csv });
    expect(next.status).toBe(201);
  });
});


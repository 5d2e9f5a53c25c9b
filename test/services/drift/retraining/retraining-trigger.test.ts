import { compareDatasets } from '../../../../services/drift/compare';
import type { Clock } from '../../../../services/kit/clock';
import type { StoredReport, TriggerRecord } from '../../../../services/drift/monitor/drift-store';
import { InMemoryDriftStore } from '../../../../services/drift/monitor/memory-drift-store';
import { RetrainingTrigger, type RetrainingTriggerProps } from '../../../../services/drift/retraining/retraining-trigger';
import { freePort } from '../../../support/free-port';
import type { WebhookConfig } from '../../../../services/drift/retraining/webhook-request';
import { type ReceiverStep, startWebhookReceiver } from '../../../support/webhook-receiver';

const range = (n: number, shift = 0) => Float64Array.from({ length: n }, (_, i) => i + shift);
const HOUR = 3_600_000;

function storedReport(id: string, drifted: boolean, model = 'churn'): StoredReport {
  const current = drifted ? { age: range(100, 60), tenure: range(100, 60) } : { age: range(100), tenure: range(100) };
  return {
    id,
    model,
    reference_id: 'ref-1',
    created_at: '2025-01-01T00:00:00.000Z',
    window_rows: 100,
    rows_seen: 100,
    report: compareDatasets({ columns: { age: range(100), tenure: range(100) } }, { columns: current }),
  };
}

/** A clock whose sleeps only move time forward and are remembered. */
function fakeClock(start = Date.parse('2025-01-01T00:00:00Z')) {
  let now = start;
  const sleeps: number[] = [];
  const clock: Clock = { now: () => new Date(now), sleep: async (ms) => void (sleeps.push(ms), (now += ms)) };
  return { clock, sleeps, advance: (ms: number) => void (now += ms) };
}

let receiver: Awaited<ReturnType<typeof startWebhookReceiver>> | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

/** A trigger posting to a fresh receiver (unless `webhook.url` says otherwise), on a fake clock, with jitter 0.5. */
async function setUp(steps: readonly ReceiverStep[], { webhook, ...props }: Partial<Omit<RetrainingTriggerProps, 'webhook'>> & { webhook?: Partial<WebhookConfig> } = {}) {
  receiver = await startWebhookReceiver(steps);
  const store = new InMemoryDriftStore();
  const time = fakeClock();
  const seen: TriggerRecord[] = [];
  const trigger = new RetrainingTrigger({
    store,
    webhook: { url: receiver.url, ...webhook },
    clock: time.clock,
    random: () => 0.5,
    onRecord: (record) => seen.push(record),
    ...props,
  });
  return { receiver, store, time, seen, trigger };
}

describe('RetrainingTrigger: delivery', () => {
  it('retries 5xx and dropped connections with exponential backoff and jitter, then records the delivery', async () => {
    const { receiver, store, time, trigger } = await setUp([503, 'reset', 500, 202]);
    const record = await trigger.onReport(storedReport('report-1', true));

    expect(record).toMatchObject({ model: 'churn', reason: 'drift', report_id: 'report-1', outcome: 'delivered' });
    expect(record?.attempts.map((attempt) => attempt.status ?? 'error')).toEqual([503, 'error', 500, 202]);
    expect(record?.attempts[1].error).toEqual(expect.any(String));
    // random() = 0.5 of ceilings 1 s, 2 s, 4 s.
    expect(time.sleeps).toEqual([500, 1000, 2000]);
    expect(record?.finished_at).toBe(new Date(Date.parse(record?.started_at ?? '') + 3500).toISOString());
    expect(await store.listTriggers('churn')).toEqual([record]);

    const keys = new Set(receiver.requests.map((request) => request.headers['idempotency-key']));
    expect(keys).toEqual(new Set([record?.idempotency_key]));
    expect(record?.idempotency_key).toMatch(/^[0-9a-f]{64}$/);
  });

  it('sends the generic JSON body', async () => {
    const { receiver, trigger } = await setUp([]);
    const report = storedReport('report-1', true);
    const record = await trigger.onReport(report);
    const [request] = receiver.requests;
    expect(request.method).toBe('POST');
    expect(request.headers).toMatchObject({ 'content-type': 'application/json', accept: 'application/json' });
    expect(request.headers).not.toHaveProperty('authorization');
    expect(request.body).toEqual({
      event: 'plinth.drift.retraining',
      model: 'churn',
      reason: 'drift',
      report_id: 'report-1',
      idempotency_key: record?.idempotency_key,
      triggered_at: '2025-01-01T00:00:00.000Z',
      dataset: report.report.dataset,
      drifted_columns: ['age', 'tenure'],
    });
  });

  it('sends a GitHub repository_dispatch with the token from the environment', async () => {
    const { receiver, trigger } = await setUp([], { webhook: { format: 'github', eventType: 'retrain-churn' }, env: { GITHUB_TOKEN: 'ghp_test' } });
    const record = await trigger.onReport(storedReport('report-9', true));
    expect(record?.outcome).toBe('delivered');
    const [request] = receiver.requests;
    expect(request.headers).toMatchObject({
      authorization: 'Bearer ghp_test',
      accept: 'application/vnd.github+json',
      'x-github-api-version': '2022-11-28',
      'idempotency-key': record?.idempotency_key,
    });
    const body = request.body as { event_type: string; client_payload: Record<string, unknown> };
    expect(Object.keys(body)).toEqual(['event_type', 'client_payload']);
    expect(body.event_type).toBe('retrain-churn');
    expect(body.client_payload).toMatchObject({ model: 'churn', reason: 'drift', report_id: 'report-9', drifted_columns: ['age', 'tenure'] });
    // GitHub refuses a client_payload with more than 10 top-level properties.
    expect(Object.keys(body.client_payload).length).toBeLessThanOrEqual(10);
  });

  it('sends a generic webhook\'s bearer token when one is configured', async () => {
    const { receiver, trigger } = await setUp([], { webhook: { tokenEnv: 'HOOK_TOKEN' }, env: { HOOK_TOKEN: 's3cret' } });
    await trigger.onReport(storedReport('report-1', true));
    expect(receiver.requests[0].headers.authorization).toBe('Bearer s3cret');
  });

  it('does not retry a 4xx, and keeps the receiver\'s reason', async () => {
    const { receiver, time, trigger } = await setUp([422]);
    const record = await trigger.onReport(storedReport('report-1', true));
    expect(record).toMatchObject({ outcome: 'rejected', attempts: [{ status: 422 }], detail: 'HTTP 422: {"message":"refused by test"}' });
    expect(receiver.requests).toHaveLength(1);
    expect(time.sleeps).toEqual([]);
  });

  it('retries 429 (rate limited) like a 5xx', async () => {
    const { trigger } = await setUp([429, 204]);
    expect((await trigger.onReport(storedReport('report-1', true)))?.attempts.map((a) => a.status)).toEqual([429, 204]);
  });

  it('gives up after maxAttempts, the waits capped at maxDelayMs', async () => {
    const port = await freePort();
    const { store, time, trigger } = await setUp([], {
      webhook: { url: `http://127.0.0.1:${port}/nobody-listens` },
      retry: { maxAttempts: 4, initialDelayMs: 1000, maxDelayMs: 2500 },
      random: () => 0.999,
    });
    const record = await trigger.onReport(storedReport('report-1', true));
    expect(record).toMatchObject({ outcome: 'failed', detail: '4 attempts; last: ECONNREFUSED' });
    expect(record?.attempts.map((attempt) => attempt.error)).toEqual(Array(4).fill('ECONNREFUSED'));
    expect(time.sleeps).toEqual([999, 1998, 2497.5]);
    expect(await store.listTriggers('churn')).toEqual([record]);
  });

  it('abandons an attempt that takes longer than timeoutMs', async () => {
    const { receiver, trigger } = await setUp(['hang', 204], { retry: { timeoutMs: 100 } });
    const record = await trigger.onReport(storedReport('report-1', true));
    expect(record?.attempts).toEqual([expect.objectContaining({ error: expect.stringMatching(/timeout/i) }), expect.objectContaining({ status: 204 })]);
    expect(receiver.requests).toHaveLength(2);
  });
});

describe('RetrainingTrigger: when it fires', () => {
  it('does nothing for a report without dataset drift', async () => {
    const { receiver, store, trigger } = await setUp([]);
    expect(await trigger.onReport(storedReport('report-1', false))).toBeUndefined();
    expect(receiver.requests).toHaveLength(0);
    expect(await store.listTriggers('churn')).toEqual([]);
  });

  it('sends at most one trigger per model per cool-down, counted from the last delivery', async () => {
    const { receiver, store, time, seen, trigger } = await setUp([], { cooldownMs: 24 * HOUR });
    await trigger.onReport(storedReport('report-1', true));
    time.advance(23 * HOUR);
    const during = await trigger.onReport(storedReport('report-2', true));
    expect(during).toMatchObject({ outcome: 'suppressed', detail: expect.stringMatching(/^cool-down: a trigger was delivered at 2025-01-01T00:00:00.000Z; the next one may go from 2025-01-02T00:00:00.000Z/) });
    const otherModel = await trigger.onReport(storedReport('report-3', true, 'fraud'));
    expect(otherModel?.outcome).toBe('delivered');
    time.advance(HOUR);
    const after = await trigger.onReport(storedReport('report-4', true));
    expect(after?.outcome).toBe('delivered');

    expect(receiver.requests.map((request) => (request.body as { report_id: string }).report_id)).toEqual(['report-1', 'report-3', 'report-4']);
    expect(seen.map((record) => record.outcome)).toEqual(['delivered', 'suppressed', 'delivered', 'delivered']);
    // Suppressed triggers are counted, not stored: a model that stays drifted would add one per batch.
    expect((await store.listTriggers('churn')).map((record) => record.report_id)).toEqual(['report-4', 'report-1']);
  });

  it('lets the next drifted report try again after a failed or rejected trigger', async () => {
    const { receiver, trigger } = await setUp([400, 204]);
    expect((await trigger.onReport(storedReport('report-1', true)))?.outcome).toBe('rejected');
    expect((await trigger.onReport(storedReport('report-2', true)))?.outcome).toBe('delivered');
    expect(receiver.requests).toHaveLength(2);
  });

  it('suppresses a second trigger for a model while one is under way', async () => {
    const { receiver, trigger } = await setUp([503, 204]);
    const [first, second] = await Promise.all([trigger.onReport(storedReport('report-1', true)), trigger.onReport(storedReport('report-2', true))]);
    expect(first?.outcome).toBe('delivered');
    expect(second).toMatchObject({ outcome: 'suppressed', detail: 'a trigger for this model is already under way' });
    expect(receiver.requests).toHaveLength(2);
  });

  it('gives a different key to a different window, and the same key to the same schedule slot', async () => {
    const { trigger } = await setUp([], { cooldownMs: 0 });
    const one = await trigger.onReport(storedReport('report-1', true));
    const two = await trigger.onReport(storedReport('report-2', true));
    expect(one?.idempotency_key).not.toBe(two?.idempotency_key);
    const slot = new Date('2025-01-01T00:00:00Z');
    const a = await trigger.onSchedule('churn', slot);
    const b = await trigger.onSchedule('churn', slot);
    const c = await trigger.onSchedule('churn', new Date('2025-01-08T00:00:00Z'));
    expect(a.idempotency_key).toBe(b.idempotency_key);
    expect(c.idempotency_key).not.toBe(a.idempotency_key);
    expect(a).toMatchObject({ reason: 'schedule', outcome: 'delivered' });
    expect(a).not.toHaveProperty('report_id');
  });
});

describe('RetrainingTrigger: configuration', () => {
  const store = new InMemoryDriftStore();
  it.each<[string, Partial<RetrainingTriggerProps>, RegExp]>([
    ['a GitHub webhook without its token', { webhook: { url: 'https://api.github.com/repos/o/r/dispatches', format: 'github' }, env: {} }, /webhook\.tokenEnv: \$GITHUB_TOKEN is not set/],
    ['a token variable that is empty', { webhook: { url: 'https://hooks.example/x', tokenEnv: 'HOOK_TOKEN' }, env: { HOOK_TOKEN: '' } }, /\$HOOK_TOKEN is not set/],
    ['a URL that is not one', { webhook: { url: 'hooks.example/x' } }, /webhook\.url: not a URL: "hooks\.example\/x"/],
    ['a URL that is not HTTP', { webhook: { url: 'ftp://hooks.example/x' } }, /webhook\.url: expected http or https; found ftp:/],
    ['no attempt at all', { webhook: { url: 'https://hooks.example/x' }, retry: { maxAttempts: 0 } }, /retry\.maxAttempts must be a positive integer; found 0/],
  ])('refuses %s', (_, props, message) => {
    expect(() => new RetrainingTrigger({ store, webhook: { url: 'https://hooks.example/x' }, ...props })).toThrow(message);
  });
});

describe('RetrainingTrigger: embedding drift', () => {
  /** A report whose two-dimensional query embeddings moved by 1 while its columns did not. */
  function embeddingDrift(id: string): StoredReport {
    const queries = (shift: number) => ({ rows: 100, dimensions: 2, values: Float64Array.from({ length: 200 }, (_, k) => Math.sin(k) + shift) });
    const columns = { age: range(100) };
    return { ...storedReport(id, false), report: compareDatasets({ columns, embeddings: { query: queries(0) } }, { columns, embeddings: { query: queries(1) } }) };
  }

  it('does not count towards retraining by default', async () => {
    const { receiver, trigger } = await setUp([]);
    expect(await trigger.onReport(embeddingDrift('report-1'))).toBeUndefined();
    expect(receiver.requests).toHaveLength(0);
  });

  it('triggers with onEmbeddingDrift, naming the drifted embeddings in the body', async () => {
    const { receiver, trigger } = await setUp([], { onEmbeddingDrift: true });
    expect(await trigger.onReport(embeddingDrift('report-1'))).toMatchObject({ outcome: 'delivered', report_id: 'report-1' });
    expect(receiver.requests[0].body).toMatchObject({ reason: 'drift', dataset: { drifted: false }, drifted_columns: [], drifted_embeddings: ['query'] });
  });
});

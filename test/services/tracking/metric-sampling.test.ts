import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { seedTrackingVolume, type TrackingVolume } from '../../support/tracking-volume';
import { startTracking, type TrackingHarness } from './support/tracking-harness';

interface Point {
  readonly run_id: string;
  readonly key: string;
  readonly value: number;
  readonly timestamp: number;
  readonly step: number;
}

/**
 * What get-history-bulk-interval answered when it sampled in JavaScript (and what MLflow's UI expects):
 * of the distinct steps in range, those at Math.round(i * (n - 1) / (max - 1)), plus each run's first
 * and last; every row of a kept step, runs in the order asked, then by step and timestamp.
 */
function expectedSample(points: readonly Point[], runIds: readonly string[], key: string, maxResults: number, range?: [number, number]): Point[] {
  const rows = points.filter((p) => runIds.includes(p.run_id) && p.key === key && (!range || (p.step >= range[0] && p.step <= range[1])));
  const steps = [...new Set(rows.map((row) => row.step))].sort((a, b) => a - b);
  const kept = new Set(
    steps.length <= maxResults ? steps : Array.from({ length: maxResults }, (_, i) => steps[Math.round((i * (steps.length - 1)) / Math.max(maxResults - 1, 1))]!),
  );
  for (const runId of runIds) {
    const own = rows.filter((row) => row.run_id === runId).map((row) => row.step);
    if (own.length > 0) kept.add(Math.min(...own)).add(Math.max(...own));
  }
  const order = new Map(runIds.map((id, index) => [id, index]));
  return rows.filter((row) => kept.has(row.step)).sort((a, b) => order.get(a.run_id)! - order.get(b.run_id)! || a.step - b.step || a.timestamp - b.timestamp);
}

/** A small deterministic generator, so that a failing shape can be replayed from its seed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe('get-history-bulk-interval samples in the database', () => {
  let harness: TrackingHarness;
  let experimentId: string;
  beforeAll(async () => {
    harness = await startTracking({ database: 'memory:' });
    experimentId = await harness.client.createExperiment('sampling');
  }, 120_000);
  afterAll(() => harness?.close());

  async function call(query: Record<string, unknown>): Promise<{ status: number; body: any }> {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) for (const item of [value].flat()) search.append(key, String(item));
    const response = await fetch(`${harness.url}/api/2.0/mlflow/metrics/get-history-bulk-interval?${search}`);
    return { status: response.status, body: await response.json() };
  }

  it('keeps the same steps as the JavaScript sampling did, for random histories, ranges and limits', async () => {
    const next = random(14);
    const int = (below: number) => Math.floor(next() * below);
    for (let shape = 0; shape < 25; shape++) {
      const runIds: string[] = [];
      const points: Point[] = [];
      for (let r = 0; r < 1 + int(3); r++) {
        const runId = (await harness.client.createRun({ experiment_id: experimentId })).info.run_id;
        runIds.push(runId);
        // Gaps, negative steps, a step logged twice at different times, and runs that share only some steps.
        const steps = [...new Set(Array.from({ length: int(60) }, () => int(200) - 20))];
        for (const step of steps) {
          for (let again = 0; again < (int(10) === 0 ? 2 : 1); again++) {
            points.push({ run_id: runId, key: 'loss', value: next(), timestamp: 1_700_000_000_000 + step * 10 + again, step });
          }
          if (int(3) === 0) points.push({ run_id: runId, key: 'other', value: next(), timestamp: 1_700_000_000_000, step });
        }
        const own = points.filter((point) => point.run_id === runId).map(({ key, value, timestamp, step }) => ({ key, value, timestamp, step }));
        if (own.length > 0) await harness.client.logBatch(runId, { metrics: own });
      }
      const maxResults = 1 + int(25);
      const from = int(150) - 20;
      const range: [number, number] | undefined = int(3) === 0 ? [from, from + int(100)] : undefined;
      const answer = await call({ run_ids: runIds, metric_key: 'loss', max_results: maxResults, ...(range ? { start_step: range[0], end_step: range[1] } : {}) });
      expect({ shape, status: answer.status }).toEqual({ shape, status: 200 });
      const expected = expectedSample(points, runIds, 'loss', maxResults, range);
      expect({ shape, metrics: answer.body.metrics ?? [] }).toEqual({ shape, metrics: expected.map(({ key, value, timestamp, step, run_id }) => ({ key, value, timestamp, step, run_id })) });
    }
  });

  it('answers a run it has never heard of with no points', async () => {
    const answer = await call({ run_ids: ['no-such-run'], metric_key: 'loss', max_results: 10 });
    expect(answer).toEqual({ status: 200, body: {} });
  });

  it('draws a 20,000-step history from 1,000 sampled steps that keep the first and the last', async () => {
    const runIds: string[] = [];
    for (const length of [20_000, 15_000]) {
      const runId = (await harness.client.createRun({ experiment_id: experimentId })).info.run_id;
      runIds.push(runId);
      for (let from = 0; from < length; from += 1000) {
        const metrics = Array.from({ length: 1000 }, (_, i) => ({ key: 'long', value: 1 / (from + i + 1), timestamp: 1_700_000_000_000 + from + i, step: from + i }));
        await harness.client.logBatch(runId, { metrics });
      }
    }
    const answer = await call({ run_ids: runIds, metric_key: 'long', max_results: 1000 });
    const steps = (runId: string) => answer.body.metrics.filter((metric: Point) => metric.run_id === runId).map((metric: Point) => metric.step);
    // The 1,000 sampled steps and the shorter run's last step, which every run then shows.
    expect(steps(runIds[0]!)).toHaveLength(1001);
    expect(steps(runIds[0]!)).toContain(14_999);
    expect(steps(runIds[0]!).slice(0, 2)).toEqual([0, Math.round(19_999 / 999)]);
    expect(steps(runIds[0]!).at(-1)).toBe(19_999);
    // The shorter run keeps the sampled steps it has, and its own last step.
    expect(steps(runIds[1]!).at(-1)).toBe(14_999);
  });
});

describe('a store of many runs seeded in SQL (test/support/tracking-volume.ts)', () => {
  let directory: string;
  let volume: TrackingVolume;
  let harness: TrackingHarness;
  beforeAll(async () => {
    directory = mkdtempSync(path.join(tmpdir(), 'plinth-tracking-volume-'));
    const database = path.join(directory, 'db');
    volume = await seedTrackingVolume(database, { experimentName: 'many', runs: 250, stepsPerRun: 4 });
    harness = await startTracking({ database });
  }, 120_000);
  afterAll(async () => {
    await harness?.close();
    if (directory) rmSync(directory, { recursive: true, force: true });
  });

  async function post(path: string, body: unknown): Promise<any> {
    const response = await fetch(`${harness.url}/api/2.0/mlflow/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(response.status).toBe(200);
    return response.json();
  }

  it('pages through a filtered search with page tokens, newest first, no run twice and none left out', async () => {
    const filter = "params.optimizer = 'adam' AND metrics.loss < 10";
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = await post('runs/search', { experiment_ids: [volume.experimentId], filter, max_results: 30, page_token: token });
      seen.push(...page.runs.map((run: any) => run.info.run_name));
      token = page.next_page_token;
    } while (token);
    // optimizer is adam for every third run (i % 3 = 0): 83 of 250.
    const adam = Array.from({ length: volume.runs }, (_, i) => i + 1).filter((i) => i % 3 === 0).reverse().map(volume.runNames);
    expect(seen).toEqual(adam);
  });

  it('gives a run what the API would have written: params, the run name tag, latest metrics', async () => {
    const response = await fetch(`${harness.url}/api/2.0/mlflow/runs/get?run_id=${volume.runId(7)}`);
    const { run } = (await response.json()) as any;
    expect(run.info).toMatchObject({ run_name: 'run-00007', experiment_id: volume.experimentId, artifact_uri: `mlflow-artifacts:/${volume.experimentId}/${volume.runId(7)}/artifacts` });
    expect(run.data.tags).toContainEqual({ key: 'mlflow.runName', value: 'run-00007' });
    expect(run.data.params).toContainEqual({ key: 'optimizer', value: 'sgd' });
    expect(run.data.metrics.map((metric: any) => [metric.key, metric.step])).toEqual([
      ['accuracy', 3],
      ['loss', 3],
    ]);
  });
});

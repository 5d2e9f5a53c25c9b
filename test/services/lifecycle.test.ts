import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { type DriftServer, createDriftServer } from '../../services/drift/service/drift-server';
import { createGatesServer, type GatesServer } from '../../services/gates/service/gates-server';
import { createInferenceServer, type InferenceServer } from '../../services/inference/server/inference-server';
import { TokenTable } from '../../services/kit/server/tokens';
import { FILES } from './gates/evaluation-fixtures';
import { plinth, promotionPolicy } from './gates/registry/registry-fixtures';
import { startWebhookReceiver } from '../support/webhook-receiver';
import { eventually, featureRows } from './inference/support/classifier-traffic';
import { startTracking, type TrackingHarness } from './tracking/support/tracking-harness';

const DRIFT_TOKEN = 'lifecycle-drift-writer-0b3c';
const EXAMPLES = path.join(__dirname, '../../services/inference/examples');

/**
 * The lifecycle of issue 11 on one machine, every part real and in this process: the tracking registry,
 * the promotion gates (as `plinth gates …` runs), the inference server polling the Triton repository the
 * gates publish to, logging its traffic to the drift service, whose retraining webhook fires on drift.
 */
describe('the model lifecycle: register, gate, serve, drift, retrain; a worse model refused; rollback in one command', () => {
  let tracking: TrackingHarness;
  let drift: DriftServer;
  let driftUrl: string;
  let inference: InferenceServer;
  let inferenceUrl: string;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let gatesService: GatesServer;
  let gatesUrl: string;
  const holdouts = mkdtempSync(path.join(tmpdir(), 'plinth-lifecycle-holdouts-'));
  const repository = mkdtempSync(path.join(tmpdir(), 'plinth-lifecycle-repository-'));
  const outputs = mkdtempSync(path.join(tmpdir(), 'plinth-lifecycle-outputs-'));
  const referenceFile = path.join(outputs, 'churn-reference.csv');
  const gates = (...args: string[]) => plinth('gates', args[0]!, '--tracking-url', tracking.url, '--model', 'churn', ...args.slice(1));
  const promote = (version: string) =>
    gates('promote', '--model-version', version, '--policy', promotionPolicy(), '--holdout', FILES.classifierHoldout, '--repository', repository, '--max-batch-size', '32');
  const champion = async () => (await tracking.client.getRegisteredModel('churn')).aliases?.find((alias) => alias.alias === 'champion')?.version;
  const served = async () => ((await (await fetch(`${inferenceUrl}/v2/models/churn`)).json()) as { versions: string[] }).versions;
  /** The rows as clients send them: up to the published max_batch_size (32) per request, many requests at once. */
  const infer = async (rows: readonly number[][]) => {
    const chunks = Array.from({ length: Math.ceil(rows.length / 32) }, (_, index) => rows.slice(index * 32, index * 32 + 32));
    const labels = await Promise.all(
      chunks.map(async (chunk) => {
        const response = await fetch(`${inferenceUrl}/v2/models/churn/infer`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ inputs: [{ name: 'features', datatype: 'FP32', shape: [chunk.length, 4], data: chunk.flat() }] }),
        });
        expect(response.status).toBe(200);
        return ((await response.json()) as { outputs: { name: string; data: number[] }[] }).outputs.find((output) => output.name === 'label')!.data;
      }),
    );
    return labels.flat();
  };

  beforeAll(async () => {
    tracking = await startTracking({ database: 'memory:' });
    receiver = await startWebhookReceiver([]);
    drift = await createDriftServer({
      database: 'memory:',
      tokens: new TokenTable([{ name: 'inference', token: DRIFT_TOKEN, role: 'write' }]),
      monitor: { windowRows: 200, minWindowRows: 100, maxBatchRows: 200 },
      retraining: { webhook: { url: receiver.url }, cooldownMs: 0 },
      logStream: { write: () => undefined },
    });
    driftUrl = await drift.service.listen({ port: 0, host: '127.0.0.1' });
    copyFileSync(FILES.classifierHoldout, path.join(holdouts, 'classifier-holdout.csv'));
    gatesService = await createGatesServer({
      database: 'memory:',
      tokens: TokenTable.parse('ci:ci-secret:write,alice:alice-secret:approve', 'test'),
      trackingUrl: tracking.url,
      target: { repository, maxBatchSize: 32 },
      holdouts,
      logLevel: 'silent',
    });
    gatesUrl = await gatesService.service.listen({ port: 0, host: '127.0.0.1' });
  }, 60_000);
  afterAll(async () => {
    await inference?.service.close();
    await gatesService?.service.close();
    await drift?.service.close();
    await receiver?.close();
    await tracking?.close();
    rmSync(repository, { recursive: true, force: true });
    rmSync(holdouts, { recursive: true, force: true });
    rmSync(outputs, { recursive: true, force: true });
  });

  it('goes from a registered ONNX model to served predictions, drift, a retraining trigger, a refusal and a rollback', async () => {
    // 1. Register and promote: the gates pass, the champion moves, the model lands in the repository.
    expect((await gates('register', '--onnx', FILES.classifier, '--tag', 'git_commit=1a2b3c4')).code).toBe(0);
    expect((await promote('1')).code).toBe(0);
    expect(await champion()).toBe('1');

    // 2. Serve it, logging every request to drift (the PII-like fourth feature and the scores stay out).
    inference = await createInferenceServer({
      repository,
      modelControlMode: 'poll',
      pollSeconds: 3600,
      tokens: new TokenTable([]),
      version: 'test',
      logStream: { write: () => undefined },
      driftLogging: { url: driftUrl, token: DRIFT_TOKEN, batchRows: 50, flushMs: 3_600_000, dropColumns: ['features_3', 'probabilities'] },
    });
    inferenceUrl = await inference.service.listen({ port: 0, host: '127.0.0.1' });
    expect(await served()).toEqual(['1']);
    expect(((await (await fetch(`${inferenceUrl}/v2/models/churn/config`)).json()) as { max_batch_size: number }).max_batch_size).toBe(32);

    // 3. The drift reference, as the README makes it: the example traffic replayed through the server, written
    //    with its predictions under the logged columns, and registered with the drift service's write token.
    const replayed = await plinth('inference', 'replay', '--url', inferenceUrl, '--model', 'churn', '--input', path.join(EXAMPLES, 'churn-traffic.csv'), '--output', referenceFile, '--drop-columns', 'features_3,probabilities');
    expect(replayed).toMatchObject({ code: 0, stderr: '' });
    // What the server logged before there was a reference is refused, not kept.
    await inference.driftLogger!.flush();
    const env = process.env;
    try {
      process.env = { ...env, PLINTH_DRIFT_TOKEN: DRIFT_TOKEN };
      const registered = await plinth('drift', 'reference', '--drift-url', driftUrl, '--model', 'churn', '--file', referenceFile, '--prediction-column', 'prediction');
      expect(registered.stdout).toContain('300 rows, 4 columns: features_0 numeric, features_1 numeric, features_2 numeric, prediction numeric (prediction)');
    } finally {
      process.env = env;
    }

    // 4. Traffic like the reference, then the shifted example traffic: drift sees it, and the retraining webhook fires.
    for (let start = 0; start < 100; start += 50) await infer(featureRows(50, 23 + start));
    expect((await plinth('inference', 'replay', '--url', inferenceUrl, '--model', 'churn', '--input', path.join(EXAMPLES, 'churn-traffic-shifted.csv'))).code).toBe(0);
    await inference.driftLogger!.flush();
    const detected = async () => (await (await fetch(`${driftUrl}/metrics`)).text()).match(/^plinth_drift_detected\{model="churn",column="features_0"\} (\d)/m)?.[1];
    expect(await eventually(detected, (value) => value === '1')).toBe('1');
    expect(await eventually(async () => receiver.requests.length, (count) => count > 0)).toBeGreaterThan(0);
    expect(JSON.stringify(receiver.requests[0]!.body)).toContain('churn');

    // 5. A worse model: the gates refuse it, nothing moves, the server keeps serving the champion.
    expect((await gates('register', '--onnx', FILES.worseClassifier, '--tag', 'git_commit=5d6e7f8')).code).toBe(0);
    expect((await promote('2')).code).toBe(1);
    expect(await champion()).toBe('1');
    await inference.poller!.pollNow();
    expect(await served()).toEqual(['1']);

    // 6. A good new version under a high-risk policy, through the gates service: it waits for an approver other
    //    than the requester, then is published and served; rollback brings the old one back, registry and server alike.
    expect((await gates('register', '--onnx', FILES.classifier, '--tag', 'git_commit=9a8b7c6')).code).toBe(0);
    try {
      process.env = { ...env, PLINTH_GATES_TOKEN: 'ci-secret' };
      const requested = await plinth('gates', 'request', '--gates-url', gatesUrl, '--model', 'churn', '--model-version', '3', '--holdout', 'classifier-holdout.csv', '--policy', promotionPolicy('high'));
      expect(requested.code).toBe(0);
      expect(requested.stdout).toContain("promotion 1: 'churn' version 3 is pending-approval");
      expect(await champion()).toBe('1');
      process.env = { ...env, PLINTH_GATES_TOKEN: 'alice-secret' };
      const approved = await plinth('gates', 'approve', '1', '--gates-url', gatesUrl, '--comment', 'slices reviewed');
      expect(approved.stdout).toContain("promotion 1: 'churn' version 3 is promoted (decided by alice)");
    } finally {
      process.env = env;
    }
    expect(await champion()).toBe('3');
    await inference.poller!.pollNow();
    expect(await served()).toEqual(['3']);
    const rollback = await gates('rollback', '--repository', repository);
    expect(rollback.code).toBe(0);
    expect(await champion()).toBe('1');
    await inference.poller!.pollNow();
    expect(await served()).toEqual(['1']);
  }, 120_000);
});

import { copyFileSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseTritonConfig } from '../../../../services/kit/models/parse-triton-config';
import { TokenTable } from '../../../../services/kit/server/tokens';
import { artifactProxyPath } from '../../../../services/gates/registry/registry-model';
import { createGatesServer, type GatesServer } from '../../../../services/gates/service/gates-server';
import { startWebhookReceiver } from '../../../support/webhook-receiver';
import { startTracking, type TrackingHarness } from '../../tracking/support/tracking-harness';
import { FILES, plinth, promotionPolicy } from '../registry/registry-fixtures';

const TOKENS = 'ci:ci-token:write,alice:alice-token:approve,bob:bob-token:approve,viewer:viewer-token:read';
const HOLDOUT = 'churn/holdout-2026-11.csv';

describe('plinth gates serve: promotions, four-eyes approval, notifications and the audit trail (real tracking server, embedded store)', () => {
  let tracking: TrackingHarness;
  let gates: GatesServer;
  let url: string;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let repository: string;
  let holdouts: string;

  const register = async (file: string, gitCommit: string) => {
    const run = await plinth('gates', 'register', '--tracking-url', tracking.url, '--model', 'churn', '--onnx', file, '--tag', `git_commit=${gitCommit}`, '--description', 'Which customers churn next month.');
    expect(run).toMatchObject({ code: 0, stderr: '' });
    return /version (\d+)/.exec(run.stdout)![1]!;
  };
  const api = async (method: string, route: string, token: string | undefined, body?: object) => {
    const response = await fetch(`${url}/api/gates${route}`, {
      method,
      headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: response.status, body: (await response.json()) as any };
  };
  const policyText = (risk: 'low' | 'high') => readFileSync(promotionPolicy(risk), 'utf8');
  const request = (version: string, risk: 'low' | 'high', token = 'ci-token', more: object = {}) => api('POST', '/promotions', token, { model: 'churn', version, holdout: HOLDOUT, policy: policyText(risk), ...more });
  const aliases = async () => Object.fromEntries(((await tracking.client.getRegisteredModel('churn')).aliases ?? []).map((a) => [a.alias, a.version]));
  const tags = async (version: string) => Object.fromEntries(((await tracking.client.getModelVersion('churn', version)).tags ?? []).map((t) => [t.key, t.value]));
  const served = () => {
    const policy = parseTritonConfig(readFileSync(path.join(repository, 'churn/config.pbtxt'), 'utf8')).versionPolicy;
    return 'specific' in policy ? policy.specific.versions : policy;
  };

  beforeAll(async () => {
    tracking = await startTracking({ database: 'memory:' });
    receiver = await startWebhookReceiver([]);
    repository = mkdtempSync(path.join(tmpdir(), 'plinth-gates-repository-'));
    holdouts = mkdtempSync(path.join(tmpdir(), 'plinth-gates-holdouts-'));
    mkdirSync(path.join(holdouts, 'churn'));
    copyFileSync(FILES.classifierHoldout, path.join(holdouts, HOLDOUT));
    gates = await createGatesServer({
      database: 'memory:',
      tokens: TokenTable.parse(TOKENS, 'test'),
      trackingUrl: tracking.url,
      target: { repository, maxBatchSize: 16 },
      holdouts,
      webhookUrl: receiver.url,
      webhookRetry: { initialDelayMs: 1, maxDelayMs: 5, maxAttempts: 3 },
      publicUrl: 'https://gates.example.internal',
      logLevel: 'silent',
    });
    url = await gates.service.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await gates?.service.close();
    await receiver?.close();
    await tracking?.close();
  });

  it('promotes a low-risk version that passes at once: published with the requested batch size, champion set, notified', async () => {
    const version = await register(FILES.classifier, '3f2a9c1');
    const { status, body } = await request(version, 'low');
    expect(status).toBe(201);
    expect(body.promotion).toMatchObject({ model: 'churn', version, status: 'promoted', risk: 'low', requested_by: 'ci', decision: { verdict: 'pass' } });
    expect(body.progress).toEqual(expect.arrayContaining([expect.stringMatching(/^published 'churn' version 1/), 'champion: (none) -> version 1']));
    expect(await aliases()).toEqual({ champion: version });
    expect(readFileSync(path.join(repository, 'churn/config.pbtxt'), 'utf8')).toMatch(/max_batch_size: 16/);
    await gates.notificationsSettled();
    expect(receiver.requests.at(-1)!.body).toMatchObject({ text: expect.stringContaining(`churn version ${version}: promoted`), plinth: { promotion: { status: 'promoted' } } });
  });

  it('holds a high-risk pass for an approver, notifies with the report, and refuses the requester, a reader and a write token', async () => {
    const version = await register(FILES.classifier, '7e8f9a0');
    const requested = await request(version, 'high', 'alice-token');
    expect(requested.status).toBe(201);
    const id = requested.body.promotion.id;
    expect(requested.body.promotion).toMatchObject({ status: 'pending-approval', risk: 'high', requested_by: 'alice', champion_version: '1' });
    expect(await aliases()).toEqual({ champion: '1' });

    await gates.notificationsSettled();
    const notice = receiver.requests.at(-1)!.body as any;
    expect(notice.text).toBe(
      `churn version ${version}: needs approval. An approver (not alice) decides: \`plinth gates approve ${id} --gates-url https://gates.example.internal\` or \`plinth gates reject ${id} --gates-url https://gates.example.internal --comment <why>\`.`,
    );
    expect(notice.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: `churn version ${version}: needs approval` } });
    expect(notice.blocks[2].fields).toContainEqual({ type: 'mrkdwn', text: '*metric: accuracy*\npass 0.8875 (>= 0.85)' });
    expect(notice.plinth.report.candidate.metrics.accuracy.value).toBe(0.8875);

    const own = await api('POST', `/promotions/${id}/approve`, 'alice-token', {});
    expect(own).toEqual({ status: 403, body: { error: { code: 'forbidden', message: `four eyes: token 'alice' requested promotion ${id}, so it cannot approve it; another approver must` } } });
    expect((await api('POST', `/promotions/${id}/approve`, 'viewer-token', {})).status).toBe(403);
    expect((await api('POST', `/promotions/${id}/approve`, 'ci-token', {})).body.error.message).toBe("Permission denied: token 'ci' has the write role; this needs approve");
    expect((await api('GET', `/promotions/${id}`, 'viewer-token')).body.promotion.status).toBe('pending-approval');
    expect(await aliases()).toEqual({ champion: '1' });
  });

  it("approves with another approver's token: published, champion moved, the approval in the tags, the model card and the audit trail", async () => {
    const [pending] = (await api('GET', '/promotions?status=pending-approval', 'viewer-token')).body.promotions;
    const approved = await api('POST', `/promotions/${pending.id}/approve`, 'bob-token', { comment: 'reviewed the slices' });
    expect(approved.status).toBe(200);
    expect(approved.body.promotion).toMatchObject({ status: 'promoted', decided_by: 'bob', comment: 'reviewed the slices', requested_by: 'alice' });
    expect(await aliases()).toEqual({ champion: pending.version, previous: '1' });
    expect(served()).toEqual([Number(pending.version)]);
    const written = await tags(pending.version);
    expect(written['plinth.approval']).toMatch(/^approved by bob at \S+ \(requested by alice\): reviewed the slices$/);
    const card = (await tracking.client.downloadArtifact(artifactProxyPath(written['plinth.model_card']!))).toString();
    expect(card).toMatch(/## Approvals\n\n\| verdict \| by \| requested by \| at \| comment \|\n\| --- \| --- \| --- \| --- \| --- \|\n\| approved \| bob \| alice \| \S+ \| reviewed the slices \|/);

    const again = await api('POST', `/promotions/${pending.id}/approve`, 'bob-token', {});
    expect(again.status).toBe(409);
    expect(again.body.error.message).toContain('is promoted, not pending-approval');

    const { body } = await api('GET', `/promotions/${pending.id}`, 'viewer-token');
    expect(body.events.map((event: any) => [event.actor, event.action])).toEqual(expect.arrayContaining([['alice', 'request'], ['bob', 'approve']]));
  });

  it("lists one version's promotions (what the console's model page shows beside the version), and refuses a version that is not a number", async () => {
    const all = (await api('GET', '/promotions?model=churn', 'viewer-token')).body.promotions;
    const ofTwo = await api('GET', '/promotions?model=churn&version=2', 'viewer-token');
    expect(ofTwo.status).toBe(200);
    expect(ofTwo.body.promotions.map((promotion: any) => promotion.id)).toEqual(all.filter((promotion: any) => promotion.version === '2').map((promotion: any) => promotion.id));
    expect(ofTwo.body.promotions).toEqual([expect.objectContaining({ version: '2', status: 'promoted', verdict: 'pass', gates_not_passed: 0 })]);
    expect((await api('GET', '/promotions?model=churn&version=99', 'viewer-token')).body).toEqual({ promotions: [] });
    const bad = await api('GET', '/promotions?model=churn&version=latest', 'viewer-token');
    expect(bad).toEqual({ status: 400, body: { error: { code: 'invalid', message: 'querystring.version must be integer' } } });
    expect((await api('GET', '/promotions?model=churn&version=0', 'viewer-token')).body.error.message).toBe('querystring.version must be >= 1');
  });

  it('refuses a worse model (status failed, nothing moves) and records a rejection, which needs a comment', async () => {
    const worse = await register(FILES.worseClassifier, '9e8d7c6');
    const failed = await request(worse, 'low');
    expect(failed.status).toBe(201);
    expect(failed.body.promotion).toMatchObject({ status: 'failed', decision: { verdict: 'fail' } });
    const before = await aliases();

    const good = await register(FILES.classifier, '1a2b3c4');
    const { body } = await request(good, 'high');
    expect((await api('POST', `/promotions/${body.promotion.id}/reject`, 'bob-token', {})).status).toBe(400);
    const rejected = await api('POST', `/promotions/${body.promotion.id}/reject`, 'bob-token', { comment: 'not before the pricing change' });
    expect(rejected.body.promotion).toMatchObject({ status: 'rejected', decided_by: 'bob', comment: 'not before the pricing change' });
    expect((await tags(good))['plinth.approval']).toMatch(/^rejected by bob at \S+ \(requested by ci\): not before the pricing change$/);
    expect(await aliases()).toEqual(before);
  });

  it('refuses an approval that went stale (the champion moved since the evaluation), and a second open request of a version', async () => {
    const held = await register(FILES.classifier, '5d6e7f8');
    const pending = (await request(held, 'high')).body.promotion;
    expect((await request(held, 'high')).body).toEqual({ error: { code: 'conflict', message: expect.stringContaining(`'churn' version ${held} already has a promotion waiting for an approver`) } });
    const newer = await register(FILES.classifier, '9f0a1b2');
    expect((await request(newer, 'low')).body.promotion.status).toBe('promoted');

    const stale = await api('POST', `/promotions/${pending.id}/approve`, 'bob-token', {});
    expect(stale.status).toBe(409);
    expect(stale.body.error.message).toBe(`the champion of 'churn' moved from version ${pending.champion_version} to version ${newer} since the gates compared version ${held} with it: request the promotion again`);
    expect((await api('GET', `/promotions/${pending.id}`, 'viewer-token')).body.promotion.status).toBe('incomplete');
    expect((await aliases()).champion).toBe(newer);
  });

  it('answers bad requests with a 4xx that says what is wrong, and keeps serving', async () => {
    const bad = async (body: object, token = 'ci-token') => api('POST', '/promotions', token, { model: 'churn', version: '1', holdout: HOLDOUT, policy: policyText('low'), ...body });
    expect(await bad({ model: 'nope' })).toEqual({ status: 404, body: { error: { code: 'not-found', message: 'model nope: no registered model of this name in the tracking registry; register one with plinth gates register' } } });
    expect((await bad({ version: '99' })).body.error.message).toMatch(/^version 99: registered model 'churn' has no such version; its versions: 1, 2, /);
    expect((await bad({ holdout: '../../etc/passwd' })).body.error).toMatchObject({ code: 'invalid', message: expect.stringContaining('holdout "../../etc/passwd": expected a relative') });
    expect((await bad({ holdout: 'churn/missing.csv' })).body.error).toEqual({ code: 'not-found', message: `holdout "churn/missing.csv": no such file in ${holdouts}` });
    const typo = await bad({ version: '2', policy: policyText('low').replace('metrics:', 'metricz:') });
    expect(typo.status).toBe(400);
    expect(typo.body.error.message).toMatch(/^policy is not a valid gate policy/);
    expect(typo.body.error.message).toContain('metrics');
    expect((await bad({ policy: undefined })).body.error.message).toContain("registered model 'churn' has no plinth.gate_policy tag");
    expect((await bad({ max_batch_sise: 8 })).body.error).toEqual({ code: "invalid", message: 'body: unknown field "max_batch_sise"; the fields are model, version, holdout, policy, max_batch_size, batch_rows' });
    expect((await api("GET", "/promotions?status=done", "viewer-token")).body.error.message).toBe('querystring.status: must be one of "failed", "pending-approval", "promoting", "promoted", "rejected", "incomplete"');
    expect((await bad({ version: 'latest' })).body.error.message).toBe('version "latest": a registry version is a whole number from 1, e.g. "3"');
    expect((await bad({}, 'viewer-token')).status).toBe(403);
    expect((await api('POST', '/promotions', undefined, {})).status).toBe(401);
    expect((await api('GET', '/promotions/999999', 'viewer-token')).body.error).toEqual({ code: 'not-found', message: 'no promotion 999999; GET /api/gates/promotions lists them' });
    expect((await api('GET', '/promotions/abc', 'viewer-token')).status).toBe(400);
    expect((await api('GET', '/promotions?status=done', 'viewer-token')).status).toBe(400);
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
  });

  it('keeps an append-only audit trail per model and reports outcomes, pending approvals and notifications as metrics', async () => {
    const { body } = await api('GET', '/audit?model=churn&max_results=1000', 'viewer-token');
    const actions = body.events.map((event: any) => `${event.actor}:${event.action}`);
    expect(actions).toEqual(expect.arrayContaining(['ci:request', 'alice:request', 'bob:approve', 'bob:reject', 'bob:stale', 'gates:notify']));
    expect(body.events.every((event: any) => event.resource.startsWith('models/churn/promotions/'))).toBe(true);
    await gates.notificationsSettled();
    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(metrics).toMatch(/^plinth_gates_promotions_total\{model="churn",status="promoted"\} 3$/m);
    expect(metrics).toMatch(/^plinth_gates_promotions_total\{model="churn",status="failed"\} 1$/m);
    expect(metrics).toMatch(/^plinth_gates_pending_approvals 0$/m);
    expect(metrics).toMatch(/^plinth_gates_notifications_total\{outcome="delivered"\} \d+$/m);
  });

  it('retries a notification the receiver refuses for a while, and records how it ended', async () => {
    receiver.steps.push(503, 'reset');
    const version = await register(FILES.classifier, '2c3d4e5');
    const id = (await request(version, 'high')).body.promotion.id;
    await gates.notificationsSettled();
    const { body } = await api('GET', `/promotions/${id}`, 'viewer-token');
    expect(body.events.find((event: any) => event.action === 'notify').details).toMatchObject({ outcome: 'delivered', attempts: 3 });
  });

  it('drives the same service from the CLI: plinth gates request and approve, exit codes included', async () => {
    const version = await register(FILES.classifier, '6f7a8b9');
    const policy = promotionPolicy('high');
    const env = process.env;
    try {
      process.env = { ...env, PLINTH_GATES_TOKEN: 'ci-token' };
      const requested = await plinth('gates', 'request', '--gates-url', url, '--model', 'churn', '--model-version', version, '--holdout', HOLDOUT, '--policy', policy);
      expect(requested.code).toBe(0);
      const id = /^promotion (\d+): 'churn' version \d+ is pending-approval$/m.exec(requested.stdout)![1]!;
      expect(requested.stdout).toContain(`an approver (not ci) runs: plinth gates approve ${id} --gates-url <url>`);
      const own = await plinth('gates', 'approve', id, '--gates-url', url);
      expect(own).toMatchObject({ code: 2, stderr: expect.stringMatching(/the gates service refused POST \/api\/gates\/promotions\/\d+\/approve \(HTTP 403\): Permission denied: token 'ci' has the write role; this needs approve \(the token is read from PLINTH_GATES_TOKEN\)/) });
      process.env = { ...env, APPROVER_TOKEN: 'bob-token' };
      const approved = await plinth('gates', 'approve', id, '--gates-url', url, '--gates-token-env', 'APPROVER_TOKEN', '--comment', 'ok');
      expect(approved.code).toBe(0);
      expect(approved.stdout).toContain(`promotion ${id}: 'churn' version ${version} is promoted (decided by bob)`);
      expect((await aliases()).champion).toBe(version);
      const unreachable = await plinth('gates', 'reject', id, '--gates-url', 'http://127.0.0.1:9', '--comment', 'x');
      expect(unreachable.code).toBe(3);
    } finally {
      process.env = env;
    }
  });

  it('refuses every approval when the service runs without tokens: nobody can be told apart from the requester', async () => {
    const open = await createGatesServer({ database: 'memory:', tokens: new TokenTable([]), trackingUrl: tracking.url, target: { repository }, holdouts, logLevel: 'silent' });
    try {
      const address = await open.service.listen({ port: 0, host: '127.0.0.1' });
      const response = await fetch(`${address}/api/gates/promotions/1/approve`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(response.status).toBe(403);
      expect(((await response.json()) as any).error.message).toContain('approvals need tokens');
    } finally {
      await open.service.close();
    }
  });
});

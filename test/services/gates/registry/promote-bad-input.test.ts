import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { freePort } from '../../../support/free-port';
import { runPlinth } from '../../../support/plinth-cli';
import { startTracking, type TrackingHarness } from '../../tracking/support/tracking-harness';
import { FILES, plinth, promotionPolicy } from './registry-fixtures';

describe('plinth gates promote and rollback: bad input and an unreachable tracking server', () => {
  let tracking: TrackingHarness;
  const repository = mkdtempSync(path.join(tmpdir(), 'plinth-triton-repository-'));
  const promote = (url: string, model: string, version: string) =>
    ['gates', 'promote', '--tracking-url', url, '--model', model, '--model-version', version, '--policy', promotionPolicy(), '--holdout', FILES.classifierHoldout, '--repository', repository];

  beforeAll(async () => {
    tracking = await startTracking({ database: 'memory:' });
    expect((await plinth('gates', 'register', '--tracking-url', tracking.url, '--model', 'churn', '--onnx', FILES.classifier)).code).toBe(0);
  });
  afterAll(() => tracking.close());

  it('exits 2 with one line for an unknown model, an unknown or malformed version, and a model without a champion to roll back', async () => {
    expect(await plinth(...promote(tracking.url, 'fraud', '1'))).toEqual({
      code: 2,
      stdout: '',
      stderr: '--model fraud: no registered model of this name in the tracking registry; register one with plinth gates register\n',
    });
    expect(await plinth(...promote(tracking.url, 'churn', '7'))).toEqual({ code: 2, stdout: '', stderr: "--model-version 7: registered model 'churn' has no such version; its versions: 1\n" });
    expect(await plinth(...promote(tracking.url, 'churn', 'latest'))).toEqual({ code: 2, stdout: '', stderr: '--model-version latest: a registry version is a whole number from 1, e.g. --model-version 3\n' });
    expect(await plinth('gates', 'rollback', '--tracking-url', tracking.url, '--model', 'churn', '--repository', tmpdir())).toEqual({
      code: 2,
      stdout: '',
      stderr: "--model churn: no 'previous' alias, so there is nothing to roll back to (it has no champion either); nothing moved\n",
    });
  });

  it('refuses a version registered without plinth.sha256 (its artifact cannot be verified)', async () => {
    const run = await tracking.client.createRun({ experiment_id: '0' });
    await tracking.client.createModelVersion({ name: 'churn', source: `runs:/${run.info.run_id}/model`, run_id: run.info.run_id });
    const refused = await plinth(...promote(tracking.url, 'churn', '2'));
    expect(refused).toMatchObject({ code: 2, stdout: '' });
    expect(refused.stderr).toBe("candidate 'churn' version 2 has no plinth.sha256 tag, so its artifact cannot be verified; register models with plinth gates register, which records the digest\n");
  });

  it('refuses a token variable that is named but not set, before calling the server', async () => {
    expect(await plinth(...promote(tracking.url, 'churn', '1'), '--tracking-token-env', 'PLINTH_TEST_NO_SUCH_TOKEN')).toEqual({
      code: 2,
      stdout: '',
      stderr: "--tracking-token-env PLINTH_TEST_NO_SUCH_TOKEN: the variable is not set or empty; export the tracking server's token in it\n",
    });
  });

  it('exits 3 with one line when the tracking server cannot be reached (the command as a user runs it)', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const run = await runPlinth(promote(url, 'churn', '1'), { timeoutMs: 30_000 });
    expect(run).toEqual({ code: 3, stdout: '', stderr: `cannot reach the tracking server at ${url} (ECONNREFUSED): check --tracking-url and that the server is running\n` });
  });
});

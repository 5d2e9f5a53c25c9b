import { copyFileSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describeServiceContainer } from '../../support/service-container';
import { startTracking, type TrackingHarness } from '../tracking/support/tracking-harness';
import { FILES, plinth, PROMOTION_POLICY } from './registry/registry-fixtures';

// A real tracking server in this process with a registered version, for the bundled gates service to promote:
// the evaluation runs the model with onnxruntime-node's binding inside the bundle.
let tracking: TrackingHarness;
const holdouts = mkdtempSync(path.join(tmpdir(), 'plinth-gates-container-holdouts-'));
beforeAll(async () => {
  tracking = await startTracking({ database: 'memory:' });
  const run = await plinth('gates', 'register', '--tracking-url', tracking.url, '--model', 'churn', '--onnx', FILES.classifier, '--tag', 'git_commit=3f2a9c1');
  expect(run.code).toBe(0);
  mkdirSync(path.join(holdouts, 'churn'));
  copyFileSync(FILES.classifierHoldout, path.join(holdouts, 'churn', 'holdout.csv'));
});
afterAll(() => tracking?.close());

describeServiceContainer({
  service: 'gates',
  serveArgs: (bundleDir) => ['--database-url', 'memory:', '--tracking-url', tracking.url, '--repository', path.join(bundleDir, 'models'), '--holdouts', holdouts],
  probe: async (baseUrl) => {
    const response = await fetch(`${baseUrl}/api/gates/promotions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'churn', version: '1', holdout: 'churn/holdout.csv', policy: readFileSync(PROMOTION_POLICY, 'utf8') }),
    });
    const answer = (await response.json()) as { promotion?: { status: string; decision: { verdict: string } } };
    return { status: response.status, promotion: answer.promotion?.status, verdict: answer.promotion?.decision.verdict };
  },
  check: (answer) => expect(answer).toEqual({ status: 201, promotion: 'promoted', verdict: 'pass' }),
});

import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { canaryChecks, canaryChecksAsRules } from '../../../../constructs/k8s/triton/canary-analysis';
import { requireTools } from '../../../support/tools';

const TESTS = path.join(__dirname, 'canary-analysis.test.yaml');
const SERIES = { namespace: 'serving', metricsService: 'triton-metrics' };

/** A folder with the analysis checks written as canary-analysis.yaml and the promtool tests beside them. */
function rulesFolder(thresholds?: Parameters<typeof canaryChecks>[1]): string {
  const folder = mkdtempSync(path.join(tmpdir(), 'plinth-canary-'));
  writeFileSync(
    path.join(folder, 'canary-analysis.yaml'),
    stringify(
      canaryChecksAsRules(canaryChecks(SERIES, thresholds), {
        canary: 'new',
        stable: 'old',
      }),
      { lineWidth: 0 }
    )
  );
  copyFileSync(TESTS, path.join(folder, 'canary-analysis.test.yaml'));
  return folder;
}

describe('the canary analysis queries', () => {
  const promtool = requireTools([{ command: 'promtool', install: 'apt-get install prometheus' }]);
  const withPromtool = promtool.available ? it : it.skip;
  const run = (args: string[], cwd: string) => {
    const result = spawnSync('promtool', args, { cwd, encoding: 'utf8' });
    return { status: result.status, output: result.stdout + result.stderr };
  };

  withPromtool('are valid PromQL (promtool check rules)', () => {
    expect(run(['check', 'rules', 'canary-analysis.yaml'], rulesFolder())).toEqual({ status: 0, output: expect.stringContaining('SUCCESS') });
  });

  withPromtool('pass a healthy canary and one just inside the bounds, fail one that errors, one that is slow and one that served nothing (promtool test rules)', () => {
    expect(run(['test', 'rules', 'canary-analysis.test.yaml'], rulesFolder())).toEqual({ status: 0, output: expect.stringContaining('SUCCESS') });
  });

  withPromtool('fail the canary just inside the default bounds once the bounds are tighter, so the thresholds, not the data, decide', () => {
    const result = run(['test', 'rules', 'canary-analysis.test.yaml'], rulesFolder({ maxSuccessRateDrop: 0.001, maxP99LatencyRatio: 1.1 }));
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(/just inside both bounds[\s\S]*TritonCanaryCheckFails/);
  });

  it('use the placeholders Argo Rollouts fills, one per version', () => {
    for (const check of canaryChecks(SERIES)) {
      expect(check.query).toContain('rollouts_pod_template_hash="{{args.canary-hash}}"');
      expect(check.query).toContain('rollouts_pod_template_hash="{{args.stable-hash}}"');
    }
  });
});

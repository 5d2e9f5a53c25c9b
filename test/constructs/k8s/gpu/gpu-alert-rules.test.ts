import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { GPU_ALERT_RULE_FILE, gpuAlertRules } from '../../../../constructs/k8s/gpu/gpu-alert-rules';
import { requireTools } from '../../../support/tools';

const README = readFileSync(path.join(path.dirname(GPU_ALERT_RULE_FILE), '..', 'README.md'), 'utf8');
const TESTS = GPU_ALERT_RULE_FILE.replace(/\.yaml$/, '.test.yaml');
const rules = (gpuAlertRules().spec.groups ?? []).flatMap((group) => group.rules ?? []);
/** The DCGM exporter's default counters the rules may read (its etc/default-counters.csv at 4.5.3-4.8.2). */
const DCGM_DEFAULT_COUNTERS = new Set(['DCGM_FI_DEV_GPU_UTIL', 'DCGM_FI_DEV_FB_USED', 'DCGM_FI_DEV_FB_FREE', 'DCGM_FI_DEV_XID_ERRORS']);

describe('the GPU alert rules', () => {
  const promtool = requireTools([{ command: 'promtool', install: 'apt-get install prometheus' }]);
  const withPromtool = promtool.available ? it : it.skip;
  const promtoolRun = (args: string[], cwd: string) => spawnSync('promtool', args, { cwd, encoding: 'utf8' });

  withPromtool('pass promtool check rules', () => {
    const check = promtoolRun(['check', 'rules', path.basename(GPU_ALERT_RULE_FILE)], path.dirname(GPU_ALERT_RULE_FILE));
    expect({ status: check.status, output: check.stdout + check.stderr }).toEqual({ status: 0, output: expect.stringContaining('SUCCESS: 3 rules found') });
  });

  withPromtool('fire on an idle GPU, a full GPU memory and an XID error, and stay silent on busy, preallocated or healthy GPUs (promtool test rules)', () => {
    const run = promtoolRun(['test', 'rules', path.basename(TESTS)], path.dirname(TESTS));
    expect({ status: run.status, output: run.stdout + run.stderr }).toEqual({ status: 0, output: expect.stringContaining('SUCCESS') });
    const tested = new Set([...readFileSync(TESTS, 'utf8').matchAll(/alertname: (\S+)/g)].map(([, name]) => name));
    expect([...tested].sort()).toEqual(rules.map((rule) => rule.alert).sort());
  });

  withPromtool('promtool test fails when an alert does not fire as expected, so the test above can fail', () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'plinth-gpu-rules-'));
    copyFileSync(GPU_ALERT_RULE_FILE, path.join(folder, 'gpu.yaml'));
    const busyGpuCalledIdle = [
      'rule_files: [gpu.yaml]',
      'tests:',
      '  - interval: 10m',
      '    input_series:',
      '      - series: DCGM_FI_DEV_GPU_UTIL{Hostname="n", modelName="NVIDIA L4"}',
      '        values: 80x30',
      '    alert_rule_test:',
      '      - eval_time: 4h',
      '        alertname: PlinthGpuIdle',
      '        exp_alerts: [{ exp_labels: { severity: warning, Hostname: n, modelName: NVIDIA L4 } }]',
    ].join('\n');
    writeFileSync(path.join(folder, 'broken.test.yaml'), busyGpuCalledIdle);
    const run = promtoolRun(['test', 'rules', 'broken.test.yaml'], folder);
    expect(run.status).not.toBe(0);
    expect(run.stdout + run.stderr).toMatch(/PlinthGpuIdle/);
  });

  it('are alerts named PlinthGpu…, each with a severity, a summary, a description and a runbook section in the GPU README', () => {
    expect(rules.map((rule) => rule.alert)).toEqual(['PlinthGpuIdle', 'PlinthGpuMemoryNearlyFull', 'PlinthGpuXidError']);
    for (const rule of rules) {
      expect(['critical', 'warning', 'info']).toContain(rule.labels?.severity);
      expect(rule.annotations?.summary).toBeTruthy();
      expect(rule.annotations?.description).toBeTruthy();
      expect(rule.annotations?.runbook_url).toBe(`constructs/k8s/gpu/README.md#${rule.alert!.toLowerCase()}`);
      expect(README).toMatch(new RegExp(`^### ${rule.alert}$`, 'm'));
    }
  });

  it('read only counters the DCGM exporter exports by default', () => {
    const used = rules.flatMap((rule) => [...String(rule.expr).matchAll(/\b(DCGM_[A-Z0-9_]+)\b/g)].map(([, name]) => name!));
    expect(used.length).toBeGreaterThan(0);
    expect(used.filter((name) => !DCGM_DEFAULT_COUNTERS.has(name))).toEqual([]);
  });

  it('become a PrometheusRule named plinth-gpu that validates, with runbooks linked under the base URL given', () => {
    const rule = gpuAlertRules('https://github.com/acme/plinth/blob/v1.2.0');
    expect(() => rule.validate()).not.toThrow();
    expect(rule.metadata?.name).toBe('plinth-gpu');
    const idle = (rule.spec.groups ?? []).flatMap((group) => group.rules ?? []).find((r) => r.alert === 'PlinthGpuIdle')!;
    expect(idle.annotations?.runbook_url).toBe('https://github.com/acme/plinth/blob/v1.2.0/constructs/k8s/gpu/README.md#plinthgpuidle');
  });
});

import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ALERT_RULE_SETS, alertRuleFile, alertRules } from '../../../../constructs/k8s/monitoring/alert-rules';
import { requireTools } from '../../../support/tools';
import { knownMetricNames, metricsIn } from './metric-names';

const README = readFileSync(path.join(__dirname, '../../../../constructs/k8s/monitoring/README.md'), 'utf8');
const rulesOf = (set: (typeof ALERT_RULE_SETS)[number]) => (alertRules(set).spec.groups ?? []).flatMap((group) => group.rules ?? []);

describe('alert rule files', () => {
  const promtool = requireTools([{ command: 'promtool', install: 'apt-get install prometheus' }]);
  const withPromtool = promtool.available ? it : it.skip;
  const promtoolRun = (args: string[], cwd: string) => spawnSync('promtool', args, { cwd, encoding: 'utf8' });

  withPromtool.each(ALERT_RULE_SETS)('promtool check rules passes on rules/%s.yaml', (set) => {
    const check = promtoolRun(['check', 'rules', alertRuleFile(set)], path.dirname(alertRuleFile(set)));
    expect({ status: check.status, output: check.stdout + check.stderr }).toEqual({ status: 0, output: expect.stringContaining('SUCCESS') });
  });

  withPromtool.each(ALERT_RULE_SETS)('promtool test rules: every alert of rules/%s.yaml fires on series that should fire it and only on those', (set) => {
    const tests = alertRuleFile(set).replace(/\.yaml$/, '.test.yaml');
    expect(existsSync(tests)).toBe(true);
    const run = promtoolRun(['test', 'rules', path.basename(tests)], path.dirname(tests));
    expect({ status: run.status, output: run.stdout + run.stderr }).toEqual({ status: 0, output: expect.stringContaining('SUCCESS') });
    const tested = new Set([...readFileSync(tests, 'utf8').matchAll(/alertname: (\S+)/g)].map(([, name]) => name));
    expect([...tested].sort()).toEqual(rulesOf(set).map((rule) => rule.alert).sort());
  });

  withPromtool('promtool test rules fails when an alert does not fire as its test expects, so the tests above can fail', () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'plinth-rules-'));
    copyFileSync(alertRuleFile('drift'), path.join(folder, 'drift.yaml'));
    const expectsDriftOnUndriftedData = [
      'rule_files: [drift.yaml]',
      'tests:',
      '  - interval: 1m',
      '    input_series:',
      '      - series: plinth_dataset_drift_detected{model="churn"}',
      '        values: 0x10',
      '    alert_rule_test:',
      '      - eval_time: 5m',
      '        alertname: PlinthDatasetDriftDetected',
      '        exp_alerts: [{ exp_labels: { severity: warning, model: churn } }]',
    ].join('\n');
    writeFileSync(path.join(folder, 'broken.test.yaml'), expectsDriftOnUndriftedData);
    const run = promtoolRun(['test', 'rules', 'broken.test.yaml'], folder);
    expect(run.status).not.toBe(0);
    expect(run.stdout + run.stderr).toMatch(/PlinthDatasetDriftDetected/);
  });
});

describe.each(ALERT_RULE_SETS)('the %s rules', (set) => {
  const rules = rulesOf(set);

  it('are alerts named Plinth…, each with a severity, a summary, a description and a runbook section in the monitoring README', () => {
    expect(rules.length).toBeGreaterThan(0);
    for (const rule of rules) {
      expect(rule.alert).toMatch(/^Plinth[A-Za-z0-9]+$/);
      expect(['critical', 'warning', 'info']).toContain(rule.labels?.severity);
      expect(rule.annotations?.summary).toBeTruthy();
      expect(rule.annotations?.description).toBeTruthy();
      expect(rule.annotations?.runbook_url).toBe(`constructs/k8s/monitoring/README.md#${rule.alert!.toLowerCase()}`);
      expect(README).toMatch(new RegExp(`^### ${rule.alert}$`, 'm'));
    }
  });

  it('read only metrics that Plinth’s services or kube-state-metrics export', () => {
    const known = knownMetricNames();
    const used = rules.flatMap((rule) => metricsIn(String(rule.expr)));
    expect(used.length).toBeGreaterThan(0);
    expect(used.filter((name) => !known.has(name))).toEqual([]);
  });

  it('link each runbook under the base URL given, as a PrometheusRule that validates', () => {
    const rule = alertRules(set, 'https://github.com/acme/plinth/blob/v1.2.0');
    expect(() => rule.validate()).not.toThrow();
    expect(rule.metadata?.name).toBe(`plinth-${set}`);
    for (const alert of (rule.spec.groups ?? []).flatMap((group) => group.rules ?? [])) {
      expect(alert.annotations?.runbook_url).toBe(`https://github.com/acme/plinth/blob/v1.2.0/constructs/k8s/monitoring/README.md#${alert.alert!.toLowerCase()}`);
    }
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule';
import { parse } from 'yaml';
import { validateOrExplain } from '../kubernetes-object';

/**
 * Alert rule files, one per capability, in rules/: the same files `promtool check rules` and
 * `promtool test rules` (rules/<set>.test.yaml) prove.
 */
export const ALERT_RULE_SETS = ['services', 'drift'] as const;
export type AlertRuleSet = (typeof ALERT_RULE_SETS)[number];

/** The rule file of a set. */
export function alertRuleFile(set: AlertRuleSet): string {
  return join(__dirname, 'rules', `${set}.yaml`);
}

/**
 * The rule set as a validated PrometheusRule named `plinth-<set>`. Each rule's `runbook_url` is a path
 * in this repository (`constructs/k8s/monitoring/README.md#…`); with `runbookBaseUrl` it becomes a link.
 */
export function alertRules(set: AlertRuleSet, runbookBaseUrl?: string): PrometheusRule {
  return alertRulesOfFile(alertRuleFile(set), `plinth-${set}`, runbookBaseUrl);
}

/** A rule file of another capability's folder (constructs/k8s/gpu/rules/gpu.yaml) as a validated PrometheusRule named `name`. */
export function alertRulesOfFile(ruleFile: string, name: string, runbookBaseUrl?: string): PrometheusRule {
  const file = parse(readFileSync(ruleFile, 'utf8')) as { groups: NonNullable<PrometheusRule['spec']['groups']> };
  const base = runbookBaseUrl?.replace(/\/*$/, '/');
  const groups = file.groups.map((group) => ({
    ...group,
    rules: group.rules?.map((rule) =>
      base && rule.annotations?.runbook_url ? { ...rule, annotations: { ...rule.annotations, runbook_url: `${base}${rule.annotations.runbook_url}` } } : rule,
    ),
  }));
  const rule = new PrometheusRule({ metadata: { name }, spec: { groups } });
  validateOrExplain(rule, `alert rules ${ruleFile}`);
  return rule;
}

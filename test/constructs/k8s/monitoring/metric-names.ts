import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { Registry, collectDefaultMetrics } from 'prom-client';
import { REPO_ROOT } from '../../../support/synth';

/**
 * kube-state-metrics series the rules and dashboards use (its docs/metrics/workload/pod-metrics.md;
 * kube-prometheus-stack's own KubePodCrashLooping rule reads the first).
 */
const KUBE_STATE_METRICS = ['kube_pod_container_status_waiting_reason', 'kube_pod_container_status_restarts_total'];

/**
 * Every series name Plinth's services export, found where they are defined: each prom-client metric
 * created in services/ (a histogram as its _bucket, _count and _sum series) and Node's default
 * process metrics, plus the kube-state-metrics series above.
 */
export function knownMetricNames(): Set<string> {
  const names = new Set(KUBE_STATE_METRICS);
  const sources = readdirSync(path.join(REPO_ROOT, 'services'), { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts'));
  for (const file of sources) {
    const text = readFileSync(path.join(REPO_ROOT, 'services', file), 'utf8');
    for (const [, type, name] of text.matchAll(/new (Counter|Gauge|Histogram|Summary)\(\{\s*name: '([a-z_:]+)'/g)) {
      for (const series of type === 'Histogram' ? [`${name}_bucket`, `${name}_count`, `${name}_sum`] : [name!]) names.add(series);
    }
  }
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  for (const metric of registry.getMetricsAsArray()) names.add(metric.name);
  return names;
}

/** The metric names a PromQL expression reads: identifiers of Plinth's, Node's and kube-state-metrics' families. */
export function metricsIn(expr: string): string[] {
  return [...expr.matchAll(/\b((?:plinth|kube|process|nodejs)_[a-z0-9_]+)\b/g)].map(([, name]) => name!);
}

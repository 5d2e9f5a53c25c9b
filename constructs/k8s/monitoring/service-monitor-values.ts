import type { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import type { AdditionalServiceMonitor } from '../helm/kube-prometheus-stack-values';
import { validateOrExplain } from '../kubernetes-object';

/**
 * A ServiceMonitor as an entry of kube-prometheus-stack's `prometheus.additionalServiceMonitors`, so
 * that the chart which installs the CRD also creates the object (a plan needs no CRD). The chart puts
 * it in its own namespace: a monitor without a namespace selector keeps watching the namespace it
 * was written for.
 * @param where - who passes it, for error messages (`Monitoring workloads/Monitoring`)
 */
export function toAdditionalServiceMonitor(monitor: ServiceMonitor, where: string): AdditionalServiceMonitor {
  const name = monitor.metadata?.name;
  if (!name) throw new Error(`${where}: a ServiceMonitor has no metadata.name; give each one the name of the service it scrapes`);
  validateOrExplain(monitor, `${where}: ServiceMonitor "${name}"`);
  const namespace = monitor.metadata?.namespace;
  if (!monitor.spec.namespaceSelector && !namespace) {
    throw new Error(`${where}: ServiceMonitor "${name}" has neither metadata.namespace nor spec.namespaceSelector; say which namespace its Service runs in`);
  }
  return {
    name,
    ...(monitor.metadata?.labels ? { additionalLabels: monitor.metadata.labels } : {}),
    ...monitor.spec,
    namespaceSelector: monitor.spec.namespaceSelector ?? { matchNames: [namespace!] },
  };
}

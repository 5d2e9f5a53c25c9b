import { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import { Service } from 'kubernetes-models/v1/Service';
import { selectorLabels } from '../labels';
import { TRITON_PORTS } from './triton-pod';
import type { TritonMetadata } from './triton-props';

/** The label that marks the one Service Prometheus scrapes. */
const SCRAPE_LABEL = { 'plinth.dev/scrape': 'metrics' };

/** The names of a Triton server's Services: the canary's and the scraped one are derived from the server's. */
export function tritonServiceNames(name: string): { readonly stable: string; readonly canary: string; readonly metrics: string } {
  return { stable: name, canary: `${name}-canary`, metrics: `${name}-metrics` };
}

/**
 * HTTP and gRPC of the stable and the canary version (Argo Rollouts adds each version's pod template
 * hash to these two selectors), and the metrics port through its own Service: outside a rollout the
 * other two select the same pods, so scraping them would count every pod twice.
 */
export function tritonServices({ name, namespace, labels }: TritonMetadata): { readonly stable: Service; readonly canary: Service; readonly metrics: Service } {
  const names = tritonServiceNames(name);
  const service = (serviceName: string, serviceLabels: Record<string, string>, ports: { name: string; port: number }[]) =>
    new Service({
      metadata: { name: serviceName, namespace, labels: serviceLabels },
      spec: {
        type: 'ClusterIP',
        selector: selectorLabels(name),
        ports: ports.map((p) => ({ ...p, targetPort: p.name, protocol: 'TCP' as const })),
      },
    });
  const apiPorts = [
    { name: 'http', port: TRITON_PORTS.http },
    { name: 'grpc', port: TRITON_PORTS.grpc },
  ];
  return {
    stable: service(names.stable, labels, apiPorts),
    canary: service(names.canary, labels, apiPorts),
    metrics: service(names.metrics, { ...labels, ...SCRAPE_LABEL }, [{ name: 'metrics', port: TRITON_PORTS.metrics }]),
  };
}

/** The ServiceMonitor of the metrics Service, for the monitoring chart's values (it lives in Prometheus' namespace). */
export function tritonServiceMonitor({ name, namespace, labels }: TritonMetadata, prometheusNamespace: string): ServiceMonitor {
  return new ServiceMonitor({
    metadata: { name, namespace: prometheusNamespace, labels },
    spec: {
      selector: { matchLabels: { ...selectorLabels(name), ...SCRAPE_LABEL } },
      namespaceSelector: { matchNames: [namespace] },
      // The analysis tells canary from stable series by this label (`rollouts_pod_template_hash` in Prometheus).
      podTargetLabels: ['rollouts-pod-template-hash'],
      endpoints: [{ port: 'metrics', path: '/metrics', interval: '15s' }],
    },
  });
}

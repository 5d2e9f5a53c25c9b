import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { selectorLabels } from '../labels';
import { egressPolicy } from '../network-allows';
import { TRITON_PORTS } from './triton-pod';
import type { TritonMetadata } from './triton-props';

/** In: the namespace's pods on HTTP and gRPC, Prometheus' namespace on the metrics port only. */
export function tritonIngressPolicy({ name, namespace, labels }: TritonMetadata, prometheusNamespace: string): NetworkPolicy {
  const tcp = (port: number) => ({ protocol: 'TCP' as const, port });
  return new NetworkPolicy({
    metadata: { name: `${name}-ingress`, namespace, labels },
    spec: {
      podSelector: { matchLabels: selectorLabels(name) },
      policyTypes: ['Ingress'],
      ingress: [
        {
          from: [{ podSelector: {} }],
          ports: [tcp(TRITON_PORTS.http), tcp(TRITON_PORTS.grpc)],
        },
        {
          from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': prometheusNamespace } } }],
          ports: [tcp(TRITON_PORTS.metrics)],
        },
      ],
    },
  });
}

/** Out: the model repository, read over the storage API on 443 (DNS and the namespace come from its defaults). */
export function tritonEgressPolicy({ name, namespace, labels }: TritonMetadata, where: string): NetworkPolicy {
  return egressPolicy(name, namespace, selectorLabels(name), labels, { cloudApis: true }, where)!;
}

import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';

/** Qdrant's ports: REST (and /metrics), gRPC, and the peer-to-peer port of cluster mode. */
export const QDRANT_PORTS = { http: 6333, grpc: 6334, p2p: 6335 } as const;

export interface QdrantTraffic {
  readonly name: string;
  readonly namespace: string;
  readonly podLabels: Record<string, string>;
  readonly labels: Record<string, string>;
  /** Namespaces whose pods may query Qdrant (REST and gRPC). */
  readonly clientNamespaces: readonly string[];
  /** Namespace of the Prometheus that scrapes /metrics. @default - none */
  readonly prometheusNamespace?: string;
  /** Labels of the snapshot schedule's pods, let in on REST. */
  readonly snapshotPodLabels: Record<string, string>;
}

const tcp = (port: number) => ({ protocol: 'TCP' as const, port });
const namespaces = (names: readonly string[]) => ({ namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: [...names] }] } });

/**
 * Who reaches Qdrant: the client namespaces' pods on REST and gRPC, the snapshot schedule and Prometheus
 * on REST (snapshots, /metrics), and
 * the other Qdrant peers on p2p (Raft consensus, shard replication) and REST (snapshot shard transfers
 * download the shard from the peer's REST API). Qdrant itself reaches its peers the same way; its
 * egress to the bucket is the separate cloud-API policy.
 */
export function qdrantPeerAndClientPolicy(traffic: QdrantTraffic): NetworkPolicy {
  const peers = [{ podSelector: { matchLabels: traffic.podLabels } }];
  const peerPorts = [tcp(QDRANT_PORTS.p2p), tcp(QDRANT_PORTS.http)];
  return new NetworkPolicy({
    metadata: { name: `${traffic.name}-traffic`, namespace: traffic.namespace, labels: traffic.labels },
    spec: {
      podSelector: { matchLabels: traffic.podLabels },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [
        { from: [namespaces(traffic.clientNamespaces)], ports: [tcp(QDRANT_PORTS.http), tcp(QDRANT_PORTS.grpc)] },
        { from: peers, ports: peerPorts },
        { from: [{ podSelector: { matchLabels: traffic.snapshotPodLabels } }], ports: [tcp(QDRANT_PORTS.http)] },
        ...(traffic.prometheusNamespace ? [{ from: [namespaces([traffic.prometheusNamespace])], ports: [tcp(QDRANT_PORTS.http)] }] : []),
      ],
      egress: [{ to: peers, ports: peerPorts }],
    },
  });
}

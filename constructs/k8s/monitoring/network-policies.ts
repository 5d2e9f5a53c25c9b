import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';

type Spec = NonNullable<NetworkPolicy['spec']>;
type Peer = NonNullable<NonNullable<Spec['egress']>[number]['to']>[number];

/** Labels the Prometheus operator gives every Prometheus pod. */
export const PROMETHEUS_POD_LABELS = { 'app.kubernetes.io/name': 'prometheus' } as const;

/**
 * The monitoring namespace's allows, on top of its default-deny and DNS policies (PlatformNamespace)
 * and the chart's own policy for the operator (ingress to its admission webhook port from the API
 * server, whose address depends on the cloud). The README's table lists each with its reason.
 * @param scraped - namespaces Prometheus scrapes (those of the ServiceMonitors), or "all"
 * @param queriedFrom - namespaces whose pods may query Prometheus's API (canary analysis, autoscalers)
 */
export function monitoringNetworkPolicies(namespace: string, labels: Readonly<Record<string, string>>, scraped: readonly string[] | 'all', queriedFrom: readonly string[] = []): NetworkPolicy[] {
  const policy = (name: string, spec: Spec) => new NetworkPolicy({ metadata: { name, namespace, labels: { ...labels } }, spec });
  const targets: Peer[] =
    scraped === 'all'
      ? [{ namespaceSelector: {} }]
      : scraped.map((name) => ({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': name } } }));
  return [
    policy('allow-within-namespace', {
      podSelector: {},
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ from: [{ podSelector: {} }] }],
      egress: [{ to: [{ podSelector: {} }] }],
    }),
    policy('allow-https-egress', {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ protocol: 'TCP', port: 443 }] }],
    }),
    policy('prometheus-scrape-egress', {
      podSelector: { matchLabels: { ...PROMETHEUS_POD_LABELS } },
      policyTypes: ['Egress'],
      egress: [
        { to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ protocol: 'TCP', port: 10250 }] },
        { to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }], ports: [{ protocol: 'TCP', port: 9153 }] },
        ...(targets.length > 0 ? [{ to: targets }] : []),
      ],
    }),
    ...(queriedFrom.length > 0
      ? [
          policy('prometheus-api-ingress', {
            podSelector: { matchLabels: { ...PROMETHEUS_POD_LABELS } },
            policyTypes: ['Ingress'],
            ingress: [
              {
                from: queriedFrom.map((name) => ({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': name } } })),
                ports: [{ protocol: 'TCP', port: 9090 }],
              },
            ],
          }),
        ]
      : []),
  ];
}

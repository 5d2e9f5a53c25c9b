import { Construct } from 'constructs';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { KubernetesObject } from './kubernetes-object';
import { DNS_LABEL } from './labels';

export interface PlatformNamespaceProps {
  readonly name: string;
  /** Labels added to the namespace. @default - none */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Pod Security Standard enforced (and audited and warned about) on every pod of the namespace.
   * `privileged` is for agents that need the host (node-exporter), never for Plinth's services.
   * @default "restricted"
   */
  readonly podSecurity?: 'restricted' | 'baseline' | 'privileged';
  /**
   * Where every pod of the namespace fetches its cloud identity's tokens, allowed alongside DNS: the cluster's
   * `identityEndpoints` (GKE's metadata server for Workload Identity; nothing on EKS, whose IRSA tokens are
   * projected into the pod and exchanged with STS over HTTPS).
   * @default - none
   */
  readonly identityEndpoints?: readonly { readonly cidr: string; readonly port: number }[];
}

/**
 * A namespace for Plinth's workloads where pods must meet a Pod Security Standard (`restricted` by
 * default: non-root, no privilege escalation, no host access) and all traffic is denied, in and out,
 * except egress to the cluster DNS (kube-dns in kube-system, UDP and TCP 53), which every pod needs.
 * Workloads open further paths (their database, cloud APIs, who may call them) with their own policies.
 */
export class PlatformNamespace extends Construct {
  readonly name: string;
  /** The namespace object: objects in the namespace depend on it, so Terraform creates it first and deletes it last. */
  readonly resource: KubernetesObject;

  constructor(scope: Construct, id: string, props: PlatformNamespaceProps) {
    super(scope, id);
    const where = `PlatformNamespace ${this.node.path}`;
    if (props.name === 'default') throw new Error(`${where}: name must not be "default": it has no policies of its own and everything in it shares one blast radius`);
    if (!DNS_LABEL.test(props.name)) throw new Error(`${where}: name "${props.name}" is not a valid namespace name (lower-case letters, digits and "-", at most 63)`);
    this.name = props.name;
    const level = props.podSecurity ?? 'restricted';
    const labels = { 'app.kubernetes.io/part-of': 'plinth', 'app.kubernetes.io/managed-by': 'plinth' };
    this.resource = new KubernetesObject(
      this,
      'Resource',
      new Namespace({
        metadata: {
          name: this.name,
          labels: {
            ...props.labels,
            ...labels,
            'pod-security.kubernetes.io/enforce': level,
            'pod-security.kubernetes.io/audit': level,
            'pod-security.kubernetes.io/warn': level,
          },
        },
      }),
    );
    const { inNamespace } = this;
    const policy = (objectId: string, name: string, spec: NonNullable<NetworkPolicy['spec']>) =>
      new KubernetesObject(this, objectId, new NetworkPolicy({ metadata: { name, namespace: this.name, labels }, spec }), inNamespace);

    policy('DefaultDeny', 'default-deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    policy('AllowDns', 'allow-dns', {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [
        {
          to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
          ports: [
            { protocol: 'UDP', port: 53 },
            { protocol: 'TCP', port: 53 },
          ],
        },
      ],
    });
    if (props.identityEndpoints?.length) {
      policy('AllowIdentityEndpoints', 'allow-identity-endpoints', {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: props.identityEndpoints.map(({ cidr, port }) => ({ to: [{ ipBlock: { cidr } }], ports: [{ protocol: 'TCP', port }] })),
      });
    }
  }

  /** Options for an object that lives in this namespace: created after it, deleted before it. */
  get inNamespace(): { readonly dependsOn: [KubernetesObject['resource']] } {
    return { dependsOn: [this.resource.resource] };
  }
}

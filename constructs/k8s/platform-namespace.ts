import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { NetworkPolicyV1 } from '@cdktf/provider-kubernetes/lib/network-policy-v1';
import { Construct } from 'constructs';
import { recordSource } from '../../policies/engine/source';

export interface PlatformNamespaceProps {
  readonly name: string;
  /** Labels added to the namespace. @default - none */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Pod Security Standard enforced on every pod of the namespace.
   * @default "restricted"
   */
  readonly podSecurity?: 'restricted' | 'baseline';
}

/**
 * A namespace for Plinth's workloads where pods must meet the restricted Pod Security Standard
 * (non-root, no privilege escalation, no host access) and ingress is denied except from pods of
 * the same namespace: workloads open further paths explicitly with their own network policies.
 */
export class PlatformNamespace extends Construct {
  readonly namespace: NamespaceV1;
  readonly name: string;

  constructor(scope: Construct, id: string, props: PlatformNamespaceProps) {
    super(scope, id);
    if (props.name === 'default') throw new Error(`PlatformNamespace ${this.node.path}: name must not be "default"`);
    const level = props.podSecurity ?? 'restricted';
    this.namespace = new NamespaceV1(this, 'Resource', {
      metadata: {
        name: props.name,
        labels: {
          ...props.labels,
          'app.kubernetes.io/managed-by': 'plinth',
          'pod-security.kubernetes.io/enforce': level,
          'pod-security.kubernetes.io/audit': level,
          'pod-security.kubernetes.io/warn': level,
        },
      },
    });
    this.name = this.namespace.metadata.name;
    new NetworkPolicyV1(this, 'DefaultDenyIngress', {
      metadata: { name: 'default-deny-ingress', namespace: this.name },
      spec: {
        podSelector: {},
        policyTypes: ['Ingress'],
        ingress: [{ from: [{ podSelector: {} }] }],
      },
    });
    recordSource(this);
  }
}

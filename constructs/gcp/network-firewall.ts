import { ComputeFirewall } from '@cdktf/provider-google/lib/compute-firewall';
import { Construct } from 'constructs';

export interface NetworkFirewallProps {
  readonly project: string;
  /** Names the rules: `<name>-allow-internal`, … */
  readonly name: string;
  /** The VPC's id. */
  readonly network: string;
  /** Where traffic between the environment's own machines comes from: nodes' and pods' ranges. */
  readonly internalRanges: readonly string[];
}

/**
 * Google's load balancers probe backends from these ranges only
 * (https://cloud.google.com/load-balancing/docs/health-check-concepts#ip-ranges).
 */
export const HEALTH_CHECK_RANGES = ['35.191.0.0/16', '130.211.0.0/22'] as const;

/** Lowest priority a rule can have short of the implied rules (65535): every allow rule above wins over it. */
const DENY_ALL_PRIORITY = 65534;

/**
 * The VPC's ingress rules: nothing reaches a machine from outside except Google's load-balancer health checks; the
 * environment's nodes and pods reach each other (Dataplane V2's network policies narrow that per workload); every
 * other packet meets an explicit, logged deny. No rule takes 0.0.0.0/0 as its source. Egress keeps GCP's implied
 * allow: nodes reach Google APIs privately and the internet only through Cloud NAT.
 */
export class NetworkFirewall extends Construct {
  readonly denyAll: ComputeFirewall;
  readonly allowInternal: ComputeFirewall;
  readonly allowHealthChecks: ComputeFirewall;

  constructor(scope: Construct, id: string, props: NetworkFirewallProps) {
    super(scope, id);
    const rule = { project: props.project, network: props.network, direction: 'INGRESS' } as const;
    this.denyAll = new ComputeFirewall(this, 'DenyAllIngress', {
      ...rule,
      name: `${props.name}-deny-all-ingress`,
      description: 'Explicit deny of all ingress the rules above do not allow, logged so that refused traffic is visible.',
      priority: DENY_ALL_PRIORITY,
      // A deny rule needs some source: "any address" is what it denies, so this is the one place 0.0.0.0/0 appears.
      sourceRanges: ['0.0.0.0/0'],
      deny: [{ protocol: 'all' }],
      logConfig: { metadata: 'EXCLUDE_ALL_METADATA' },
    });
    this.allowInternal = new ComputeFirewall(this, 'AllowInternal', {
      ...rule,
      name: `${props.name}-allow-internal`,
      description: "Nodes and pods of the environment reach each other; Kubernetes network policies narrow this per workload.",
      priority: 1000,
      sourceRanges: [...props.internalRanges],
      allow: [{ protocol: 'tcp' }, { protocol: 'udp' }, { protocol: 'icmp' }],
    });
    // GKE adds its own health-check rules for the load balancers it creates; this one keeps container-native load
    // balancing (NEGs probing pod ports directly) working before GKE has reconciled its rules.
    this.allowHealthChecks = new ComputeFirewall(this, 'AllowHealthChecks', {
      ...rule,
      name: `${props.name}-allow-health-checks`,
      description: "Google Cloud load balancers' health checks reach GKE's nodes and pods.",
      priority: 1000,
      sourceRanges: [...HEALTH_CHECK_RANGES],
      allow: [{ protocol: 'tcp' }],
    });
  }
}

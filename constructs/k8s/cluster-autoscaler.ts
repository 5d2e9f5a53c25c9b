import { Construct } from 'constructs';
import type { NodeGroupPriorities, WorkloadIdentity } from '../kit';
import { HELM_CHARTS } from './helm/catalogue';
import type { ClusterAutoscalerValues } from './helm/cluster-autoscaler-values';
import { PlinthHelmRelease } from './helm/plinth-helm-release';

/**
 * The newest cluster-autoscaler release per Kubernetes minor. The autoscaler simulates the scheduler
 * of its own minor, so it must match the cluster's (its FAQ); upgrading the cluster means a row here.
 */
const IMAGE_TAG_BY_MINOR: Readonly<Record<string, string>> = {
  '1.30': 'v1.30.7',
  '1.31': 'v1.31.5',
  '1.32': 'v1.32.7',
  '1.33': 'v1.33.6',
  '1.34': 'v1.34.5',
  '1.35': 'v1.35.2',
};

export interface ClusterAutoscalerProps {
  /**
   * Its own workload identity, granted `grantClusterAutoscaling(cluster, identity)` in the foundation:
   * the release runs in the identity's namespace as its service account.
   */
  readonly identity: WorkloadIdentity;
  /** The cluster's name: node groups tagged `k8s.io/cluster-autoscaler/<clusterName>` are the ones it resizes. */
  readonly clusterName: string;
  /** The AWS region of the cluster. */
  readonly region: string;
  /** The cluster's Kubernetes version, `1.31`: picks the autoscaler release of the same minor. */
  readonly kubernetesVersion: string;
  /** @default 1 (it elects a leader; a second replica only shortens a failover) */
  readonly replicas?: number;
  /**
   * The order to grow node groups in, from `cluster.nodeGroupPriorities()`: the autoscaler then picks
   * among the fitting groups of the highest priority (the `priority` expander, least waste among
   * equals), and moves on to the next when that group cannot provision.
   * @default - no priorities: the group that leaves the least idle capacity
   */
  readonly nodeGroupPriorities?: NodeGroupPriorities;
}

/**
 * How long the autoscaler waits for a node it asked for before it gives up on that group and grows
 * the next one. Its default, 15 minutes, is a quarter of an hour of pending GPU pods when spot has no
 * room and AWS does not report the failed launch; a GPU node (the NVIDIA AMI, 100 GB volume) usually
 * registers within 2 to 3 minutes, so 5 leaves room for a slow one. Failed spot launches that AWS
 * does report (InsufficientInstanceCapacity in the group's scaling activities, which the autoscaler
 * may read) already make it move on at once.
 */
const MAX_NODE_PROVISION_TIME_WITH_FALLBACK = '5m';

/**
 * The cluster autoscaler on AWS: it discovers the cluster's managed node groups by tag, adds nodes
 * when pods are pending, and removes nodes that have been unneeded for 10 minutes, down to each
 * group's minimum (zero for GPU pools, see constructs/aws/README.md). It runs as its own identity.
 */
export class ClusterAutoscaler extends Construct {
  readonly release: PlinthHelmRelease<ClusterAutoscalerValues>;

  constructor(scope: Construct, id: string, props: ClusterAutoscalerProps) {
    super(scope, id);
    const where = `ClusterAutoscaler ${this.node.path}`;
    const minor = /^(\d+\.\d+)(\.\d+)?$/.exec(props.kubernetesVersion)?.[1];
    const tag = minor && IMAGE_TAG_BY_MINOR[minor];
    if (!tag) {
      throw new Error(`${where}: kubernetesVersion "${props.kubernetesVersion}" has no cluster-autoscaler release here; supported minors are ${Object.keys(IMAGE_TAG_BY_MINOR).join(', ')}`);
    }
    const replicas = props.replicas ?? 1;
    if (!Number.isInteger(replicas) || replicas < 1) throw new Error(`${where}: replicas is ${replicas}; it must be a whole number of at least 1`);
    const priorities = props.nodeGroupPriorities;
    const priorityProblems = priorities ? prioritiesProblems(priorities) : [];
    if (priorityProblems.length > 0) throw new Error(`${where}: nodeGroupPriorities ${priorityProblems.join('; ')}`);
    this.release = new PlinthHelmRelease(this, 'Release', {
      chart: HELM_CHARTS.clusterAutoscaler,
      namespace: props.identity.namespace,
      values: {
        cloudProvider: 'aws',
        awsRegion: props.region,
        autoDiscovery: { clusterName: props.clusterName },
        image: { tag },
        replicaCount: replicas,
        extraArgs: {
          // When several pools fit a pending pod, grow the one that leaves the least CPU and memory
          // idle; with priorities, only among those of the highest priority.
          expander: priorities ? 'priority,least-waste' : 'least-waste',
          ...(priorities && { 'max-node-provision-time': MAX_NODE_PROVISION_TIME_WITH_FALLBACK }),
          // Plinth's pods use emptyDir only for scratch space (and Prometheus without a volume class
          // says its samples are lost on a move): such nodes may be emptied.
          'skip-nodes-with-local-storage': false,
        },
        ...(priorities && { expanderPriorities: priorities }),
        rbac: { serviceAccount: { create: true, name: props.identity.serviceAccountName, annotations: { ...props.identity.serviceAccountAnnotations } } },
        resources: { requests: { cpu: '100m', memory: '300Mi' }, limits: { memory: '600Mi' } },
        securityContext: { runAsNonRoot: true, runAsUser: 65534, runAsGroup: 65534, seccompProfile: { type: 'RuntimeDefault' } },
        containerSecurityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
        podDisruptionBudget: { maxUnavailable: 1 },
      },
    });
  }
}

/** What the expander would reject or ignore in `priorities`, each named. */
function prioritiesProblems(priorities: NodeGroupPriorities): string[] {
  const entries = Object.entries(priorities);
  if (entries.length === 0) return ['is empty; leave it out to grow any fitting group'];
  return entries.flatMap(([priority, patterns]) => [
    ...(/^[1-9]\d*$/.test(priority) ? [] : [`priority "${priority}" must be a whole number of at least 1`]),
    ...(patterns.length === 0 ? [`priority ${priority} lists no pattern`] : []),
    ...patterns.flatMap((pattern) => (compiles(pattern) ? [] : [`priority ${priority}: "${pattern}" is not a regular expression`])),
  ]);
}

function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}

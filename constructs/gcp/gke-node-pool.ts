import { ContainerNodePool, type ContainerNodePoolConfig } from '@cdktf/provider-google/lib/container-node-pool';
import { Construct } from 'constructs';
import { boundedName } from '../bounded-name';
import type { NodePool, NodePoolSpec } from '../kit';
import { nodePoolLabelsAndTaints, nodePoolSpecProblems, TAINT_EFFECTS } from '../node-pool-spec';
import type { GkeCluster } from './gke-cluster';
import { gpuMachines, type GpuMachine } from './gpu-machine-types';
import { registerGrantee } from './grants';

/**
 * GKE spreads a regional cluster's node pools over three of the region's zones unless told otherwise,
 * and `initial_node_count` counts nodes per zone.
 */
const DEFAULT_ZONES_PER_POOL = 3;

/** GKE's limit on node pool names. */
const POOL_NAME_LIMIT = 40;

/**
 * GKE installs and upgrades the NVIDIA driver itself; LATEST rather than DEFAULT because serving images
 * (vLLM, Triton) follow recent CUDA releases, which need the newest driver the node version offers.
 */
const GPU_DRIVER_VERSION = 'LATEST';

export interface GkeNodePoolProps extends NodePoolSpec {
  readonly cluster: GkeCluster;
  /** Pool name, also the `plinth.dev/pool` node label: lower-case letters, digits and `-`, at most 20. */
  readonly name: string;
  /** @default 100 for a GPU pool (CUDA images are large), else 50 */
  readonly diskSizeGb?: number;
}

/**
 * A pool of GKE nodes in the cluster's private subnet: Container-Optimized OS, Shielded VMs with secure
 * boot and integrity monitoring, the GKE metadata server (pods see their Workload Identity, never the
 * node's account), boot disks encrypted with the environment's key, auto-repair and auto-upgrade, and
 * the cluster's node service account (roles of a node only, never the default compute account).
 *
 * A GKE node pool has one machine type, so a request listing several becomes one GKE pool per type, each
 * labelled and tainted the same (pods select `plinth.dev/pool` and land on any of them). Their sizes
 * share the request's: the first (cheapest) type holds the minimum, and the maximum is split so that all
 * the pools together never exceed `maxSize`, the request's spending cap. Sizes are totals over the
 * region's zones (`total_*_node_count`), as on AWS.
 *
 * The pool is a grantee: `registry.grantPull(pool)` lets its nodes pull the platform's images. Every
 * pool of the cluster runs as the cluster's one node service account, so a grant to one pool holds for
 * all of the cluster's nodes.
 */
export class GkeNodePool extends Construct implements NodePool {
  readonly cloud = 'gcp';
  readonly name: string;
  readonly description: string;
  /** The GKE node pools, one per machine type, in the request's order. */
  readonly nodePools: ContainerNodePool[] = [];
  /** With `spotFallbackToOnDemand`: each spot pool's on-demand twin, from zero nodes. */
  readonly onDemandFallbacks: ContainerNodePool[] = [];
  /** What each node offers, per machine type, when the pool has an accelerator. */
  readonly gpus?: Readonly<Record<string, GpuMachine>>;

  constructor(scope: Construct, id: string, props: GkeNodePoolProps) {
    super(scope, id);
    const gpu = props.accelerator ? gpuMachines(props.instanceTypes) : undefined;
    const problems = [...nodePoolSpecProblems(props.name, props), ...(gpu?.problems ?? [])];
    const types = props.instanceTypes.length;
    if (types > 1 && props.maxSize >= 1 && props.maxSize < types) {
      problems.push(
        `maxSize ${props.maxSize} cannot be shared by ${types} machine types: a GKE node pool takes one machine type, so each type gets its own pool of at least one node; raise maxSize to ${types} or list fewer types`,
      );
    }
    if (problems.length > 0) throw new Error(`GkeNodePool ${this.node.path}: ${problems.join('; ')}`);
    this.name = props.name;
    this.gpus = gpu?.machines;
    this.description = `node pool ${props.name} of cluster ${props.cluster.name}`;
    registerGrantee(this, props.cluster.nodeServiceAccount.email, this);

    const gpuMemory = gpu && Math.min(...Object.values(gpu.machines).map((machine) => machine.gpuMemoryGib));
    // GKE labels GPU nodes `cloud.google.com/gke-accelerator` itself; the memory label matches the AWS kit's.
    const { labels, taints } = nodePoolLabelsAndTaints(props.name, props, gpuMemory ? { 'plinth.dev/gpu-memory-gib': String(gpuMemory) } : {});
    const spot = props.capacity === 'spot';
    const sizes = shareSizes(props, types);
    props.instanceTypes.forEach((machineType, index) => {
      const poolName = types === 1 ? props.name : boundedName(`${props.name}-${machineType}`, POOL_NAME_LIMIT);
      const machine = gpu?.machines[machineType];
      const size = sizes[index]!;
      const shape = (onDemand: boolean): ContainerNodePoolConfig => ({
        project: props.cluster.project,
        location: props.cluster.region,
        // The resource's attribute, not the plain name: Terraform must create the cluster first.
        cluster: props.cluster.cluster.name,
        nodeConfig: {
          machineType,
          imageType: 'COS_CONTAINERD',
          diskType: 'pd-balanced',
          diskSizeGb: props.diskSizeGb ?? (machine ? 100 : 50),
          bootDiskKmsKey: props.cluster.key.keyId,
          serviceAccount: props.cluster.nodeServiceAccount.email,
          // Workload Identity: the scope lets the node's own agents call Google APIs, and the node service
          // account's roles (container.defaultNodeServiceAccount, plus explicit grants) limit what they can do.
          oauthScopes: ['https://www.googleapis.com/auth/cloud-platform'],
          spot: !onDemand && spot,
          labels,
          taint: taints.map((taint) => ({ key: taint.key, value: taint.value, effect: TAINT_EFFECTS[taint.effect] })),
          workloadMetadataConfig: { mode: 'GKE_METADATA' },
          shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
          // Google's virtual NIC: G2 and A3 machines boot only with it, and it is the faster NIC on A2.
          gvnic: machine ? { enabled: true } : undefined,
          guestAccelerator: machine
            ? [{ type: machine.acceleratorType, count: machine.gpusPerNode, gpuDriverInstallationConfig: { gpuDriverVersion: GPU_DRIVER_VERSION } }]
            : undefined,
        },
        management: { autoRepair: true, autoUpgrade: true },
        // initial_node_count replaces the pool when changed, and the autoscaler owns the size once it runs.
        lifecycle: { ignoreChanges: ['initial_node_count'] },
        dependsOn: props.cluster.nodeDependencies,
      });
      // Spot and GPU capacity is scarce: let the autoscaler take any zone that has some; else keep zones balanced.
      const locationPolicy = spot || machine ? 'ANY' : 'BALANCED';
      const suffix = types === 1 ? '' : `-${machineType}`;
      this.nodePools.push(
        new ContainerNodePool(this, `Resource${suffix}`, {
          ...shape(false),
          name: poolName,
          // Per zone: never more than the request's desired size at creation; the autoscaler adds what pods wait for.
          initialNodeCount: Math.floor(size.desired / DEFAULT_ZONES_PER_POOL),
          autoscaling: { totalMinNodeCount: size.min, totalMaxNodeCount: size.max, locationPolicy },
        }),
      );
      if (props.spotFallbackToOnDemand) {
        // The same nodes on demand, idle at zero: GKE's managed autoscaler grows it when spot cannot be had (a
        // failed scale-up backs the spot pool off). It has no priority expander to configure, so which of the
        // two grows first is its choice; nodeGroupPriorities() says so by returning undefined.
        this.onDemandFallbacks.push(
          new ContainerNodePool(this, `OnDemandFallback${suffix}`, {
            ...shape(true),
            name: boundedName(`${poolName}-on-demand`, POOL_NAME_LIMIT),
            initialNodeCount: 0,
            autoscaling: { totalMinNodeCount: 0, totalMaxNodeCount: size.max, locationPolicy },
          }),
        );
      }
    });
  }

  /** The GKE node pool names this pool takes (its own per machine type, and their on-demand twins). */
  get gkePoolNames(): string[] {
    return [...this.nodePools, ...this.onDemandFallbacks].map((pool) => pool.nameInput!);
  }
}

/**
 * The request's sizes shared among `parts` pools: the maximum split as evenly as possible (earlier
 * types get the remainder), the minimum and desired sizes filled in the request's order, cheapest first.
 * The pools' sums equal the request's, so the spending cap holds.
 */
export function shareSizes(spec: Pick<NodePoolSpec, 'minSize' | 'desiredSize' | 'maxSize'>, parts: number): { min: number; desired: number; max: number }[] {
  const maxes = Array.from({ length: parts }, (_, index) => Math.floor(spec.maxSize / parts) + (index < spec.maxSize % parts ? 1 : 0));
  const fill = (amount: number) =>
    maxes.map((cap, index) => {
      const before = maxes.slice(0, index).reduce((sum, previous) => sum + previous, 0);
      return Math.max(0, Math.min(cap, amount - before));
    });
  const mins = fill(spec.minSize);
  const desireds = fill(spec.desiredSize);
  return maxes.map((max, index) => ({ min: mins[index]!, desired: desireds[index]!, max }));
}

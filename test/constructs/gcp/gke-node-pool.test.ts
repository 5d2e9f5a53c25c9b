import { TerraformOutput, type TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { shareSizes } from '../../../constructs/gcp/gke-node-pool';
import { memberOf } from '../../../constructs/gcp/grants';
import { ACCELERATOR_NODES, type NodePoolSpec } from '../../../constructs/kit';
import { refTo, resourcesOf } from '../../support/construct-synth';
import { gkeStack, refWhere, resourceWhere } from './gke-support';

const SYSTEM: NodePoolSpec = { instanceTypes: ['e2-standard-4'], minSize: 1, desiredSize: 3, maxSize: 6 };
const GPU: NodePoolSpec = { instanceTypes: ['g2-standard-4'], minSize: 0, desiredSize: 0, maxSize: 2, accelerator: { kind: 'nvidia' } };

function pools(...requests: [string, NodePoolSpec][]) {
  return gkeStack({}, (cluster) => {
    for (const [name, spec] of requests) cluster.addNodePool(name, spec);
  });
}

function refused(...requests: [string, NodePoolSpec][]): string {
  try {
    pools(...requests);
  } catch (error) {
    return String(error);
  }
  throw new Error('the pools were not refused');
}

describe('GkeNodePool', () => {
  const stack = pools(['system', SYSTEM]);
  const system = resourceWhere(stack, 'google_container_node_pool', 'name', 'system');
  const nodeAccount = refWhere(stack, 'google_service_account', 'account_id', 'acme-dev-nodes', 'email');

  it('runs as the cluster node service account, never the default compute account, with the cloud-platform scope its roles limit', () => {
    expect(system.node_config.service_account).toBe(nodeAccount);
    expect(system.node_config.oauth_scopes).toEqual(['https://www.googleapis.com/auth/cloud-platform']);
    expect(system.cluster).toBe(refTo(stack, 'google_container_cluster', 'name'));
    expect(system.location).toBe('europe-west4');
  });

  it('hides the node account from pods behind the GKE metadata server', () => {
    expect(system.node_config.workload_metadata_config).toEqual({ mode: 'GKE_METADATA' });
  });

  it('boots Shielded VMs with secure boot and integrity monitoring, on Container-Optimized OS', () => {
    expect(system.node_config.shielded_instance_config).toEqual({ enable_secure_boot: true, enable_integrity_monitoring: true });
    expect(system.node_config.image_type).toBe('COS_CONTAINERD');
  });

  it('encrypts boot disks with the environment key once the Compute Engine agent may use it', () => {
    expect(system.node_config.boot_disk_kms_key).toBe(refTo(stack, 'google_kms_crypto_key', 'id'));
    expect(system.depends_on).toContainEqual(expect.stringMatching(/^google_kms_crypto_key_iam_member\.Key_compute-agent-encrypt-decrypt/));
    expect(system.depends_on).toContainEqual(expect.stringMatching(/^google_project_iam_member\.Cluster_NodeRole-container\.?defaultNodeServiceAccount/));
  });

  it('repairs and upgrades its nodes automatically', () => {
    expect(system.management).toEqual({ auto_repair: true, auto_upgrade: true });
  });

  it('scales between the requested totals over the region zones, starting at no more than the desired size', () => {
    expect(system.autoscaling).toEqual({ total_min_node_count: 1, total_max_node_count: 6, location_policy: 'BALANCED' });
    expect(system.initial_node_count).toBe(1);
    expect(system.lifecycle.ignore_changes).toEqual(['initial_node_count']);
    expect(system.node_config.labels).toEqual({ 'plinth.dev/pool': 'system' });
    expect(system.node_config.taint).toEqual([]);
    expect(system.node_config.spot).toBe(false);
    expect(system.node_config.guest_accelerator).toBeUndefined();
    expect(system.node_config.gvnic).toBeUndefined();
  });

  it('is a grantee: what a registry grants the pool goes to the node service account', () => {
    const json = gkeStack({}, (cluster, s: TerraformStack) => {
      new TerraformOutput(s, 'member', { value: memberOf(new Construct(s, 'Registry'), cluster.addNodePool('system', SYSTEM)) });
    });
    expect((json.output as Record<string, { value: string }>).member!.value).toBe(`serviceAccount:${refWhere(json, 'google_service_account', 'account_id', 'acme-dev-nodes', 'email')}`);
  });

  it('runs spot capacity with the blueprint labels and taints, in any zone that has some', () => {
    const json = pools(['batch', { ...SYSTEM, minSize: 0, desiredSize: 0, capacity: 'spot', labels: { workload: 'batch' }, taints: [{ key: 'plinth.dev/batch', value: 'true', effect: 'NoSchedule' }] }]);
    const batch = resourceWhere(json, 'google_container_node_pool', 'name', 'batch');
    expect(batch.node_config).toMatchObject({ spot: true, labels: { workload: 'batch', 'plinth.dev/pool': 'batch' }, taint: [{ key: 'plinth.dev/batch', value: 'true', effect: 'NO_SCHEDULE' }] });
    expect(batch.autoscaling.location_policy).toBe('ANY');
    expect(resourcesOf(json, 'google_container_node_pool')).toHaveLength(1);
  });

  it('adds an on-demand twin of a spot pool that falls back, idle at zero, with the same nodes', () => {
    const json = pools(['gpu-inference', { ...GPU, capacity: 'spot', spotFallbackToOnDemand: true }]);
    const spot = resourceWhere(json, 'google_container_node_pool', 'name', 'gpu-inference');
    const twin = resourceWhere(json, 'google_container_node_pool', 'name', 'gpu-inference-on-demand');
    expect(spot.node_config.spot).toBe(true);
    expect(twin.node_config.spot).toBe(false);
    expect(twin.autoscaling).toEqual({ total_min_node_count: 0, total_max_node_count: 2, location_policy: 'ANY' });
    expect(twin.initial_node_count).toBe(0);
    expect({ ...twin.node_config, spot: true }).toEqual(spot.node_config);
  });

  it('carries the GPU of its machine type, with GKE installing the driver', () => {
    const gpu = resourceWhere(pools(['gpu-inference', GPU]), 'google_container_node_pool', 'name', 'gpu-inference');
    expect(gpu.node_config.machine_type).toBe('g2-standard-4');
    expect(gpu.node_config.guest_accelerator).toEqual([{ type: 'nvidia-l4', count: 1, gpu_driver_installation_config: { gpu_driver_version: 'LATEST' } }]);
    expect(gpu.node_config.disk_size_gb).toBe(100);
    expect(gpu.node_config.gvnic).toEqual({ enabled: true });
    expect(gpu.autoscaling).toEqual({ total_min_node_count: 0, total_max_node_count: 2, location_policy: 'ANY' });
  });

  it('taints GPU nodes nvidia.com/gpu=present:NoSchedule itself and labels them as the workloads expect, replacing a taint of the same key', () => {
    const json = pools(['gpu-inference', { ...GPU, labels: { workload: 'inference' }, taints: [{ key: 'nvidia.com/gpu', value: 'yes', effect: 'PreferNoSchedule' }] }]);
    const gpu = resourceWhere(json, 'google_container_node_pool', 'name', 'gpu-inference');
    expect(gpu.node_config.taint).toEqual([{ key: 'nvidia.com/gpu', value: 'present', effect: 'NO_SCHEDULE' }]);
    expect(gpu.node_config.labels).toEqual({ workload: 'inference', ...ACCELERATOR_NODES.nvidia.labels, 'plinth.dev/gpu-memory-gib': '24', 'plinth.dev/pool': 'gpu-inference' });
  });

  it('makes one GKE pool per machine type, sharing the sizes so that together they never exceed the maximum', () => {
    const json = pools(['gpu-llm', { instanceTypes: ['a2-highgpu-1g', 'a3-highgpu-1g'], minSize: 1, desiredSize: 1, maxSize: 4, accelerator: { kind: 'nvidia' } }]);
    const a2 = resourceWhere(json, 'google_container_node_pool', 'name', 'gpu-llm-a2-highgpu-1g');
    const a3 = resourceWhere(json, 'google_container_node_pool', 'name', 'gpu-llm-a3-highgpu-1g');
    expect(a2.node_config.guest_accelerator[0]).toMatchObject({ type: 'nvidia-tesla-a100', count: 1 });
    expect(a3.node_config.guest_accelerator[0]).toMatchObject({ type: 'nvidia-h100-80gb', count: 1 });
    expect([a2.autoscaling.total_min_node_count, a2.autoscaling.total_max_node_count, a3.autoscaling.total_min_node_count, a3.autoscaling.total_max_node_count]).toEqual([1, 2, 0, 2]);
    // The smaller GPU of the two is what a model may count on.
    expect(a3.node_config.labels['plinth.dev/gpu-memory-gib']).toBe('40');
    expect(a2.node_config.labels['plinth.dev/pool']).toBe('gpu-llm');
    expect(a3.node_config.labels['plinth.dev/pool']).toBe('gpu-llm');
  });

  it('refuses a GPU pool whose machine types have no GPU, an unknown size, or different GPU counts', () => {
    expect(refused(['gpu', { ...GPU, instanceTypes: ['n2-standard-8'] }])).toMatch(
      /GkeNodePool test\/Cluster\/NodePool-gpu: machine type "n2-standard-8" has no NVIDIA GPU built in; a GPU pool takes the machine families g2, a2, a3/,
    );
    expect(refused(['gpu', { ...GPU, instanceTypes: ['g2-standard-5'] }])).toMatch(/machine type "g2-standard-5" is not a size of g2-standard; its sizes are g2-standard-4, g2-standard-8/);
    expect(refused(['gpu', { ...GPU, instanceTypes: ['g2-standard-4', 'g2-standard-24'] }])).toMatch(/must carry the same number of GPUs, got g2-standard-4: 1, g2-standard-24: 2/);
    expect(refused(['gpu', { ...GPU, instanceTypes: ['n1-standard-8'] }])).toMatch(/"n1-standard-8" has no NVIDIA GPU built in/);
    expect(refused(['gpu', { ...GPU, instanceTypes: ['a3-ultragpu-8g'] }])).toMatch(/"a3-ultragpu-8g" is not one GKE GPU pools support yet; they take the series g2-standard, a2-highgpu/);
  });

  it('refuses bad names and sizes, fallback without spot, and more machine types than nodes, naming every problem at once', () => {
    expect(refused(['GPU_pool', { instanceTypes: [], minSize: 3, desiredSize: 2, maxSize: 1, spotFallbackToOnDemand: true }])).toMatch(
      /name "GPU_pool" must be 1-20 lower-case letters.*; instanceTypes must list at least one instance type; spotFallbackToOnDemand applies to spot pools only, but capacity is "on-demand"; sizes must satisfy minSize <= desiredSize <= maxSize, got 3 <= 2 <= 1/,
    );
    expect(refused(['llm', { ...GPU, instanceTypes: ['a2-highgpu-1g', 'a3-highgpu-1g'], maxSize: 1 }])).toMatch(/maxSize 1 cannot be shared by 2 machine types: a GKE node pool takes one machine type.*raise maxSize to 2/);
  });

  it('refuses a pool twice, or one whose GKE name another pool fallback already takes', () => {
    expect(refused(['system', SYSTEM], ['system', SYSTEM])).toMatch(/node pool "system" was already added/);
    expect(refused(['gpu', { ...GPU, capacity: 'spot', spotFallbackToOnDemand: true }], ['gpu-on-demand', GPU])).toMatch(
      /node pool "gpu-on-demand" needs GKE node pool name "gpu-on-demand", which another pool's machine type, spot fallback or name already uses/,
    );
  });
});

describe('shareSizes', () => {
  it('keeps the totals, fills the cheapest machine type first, and never lets a pool take more than its share', () => {
    expect(shareSizes({ minSize: 1, desiredSize: 3, maxSize: 6 }, 1)).toEqual([{ min: 1, desired: 3, max: 6 }]);
    expect(shareSizes({ minSize: 1, desiredSize: 1, maxSize: 4 }, 2)).toEqual([
      { min: 1, desired: 1, max: 2 },
      { min: 0, desired: 0, max: 2 },
    ]);
    expect(shareSizes({ minSize: 3, desiredSize: 4, maxSize: 5 }, 3)).toEqual([
      { min: 2, desired: 2, max: 2 },
      { min: 1, desired: 2, max: 2 },
      { min: 0, desired: 0, max: 1 },
    ]);
  });
});

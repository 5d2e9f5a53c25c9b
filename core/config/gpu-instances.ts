/**
 * Instance families that carry NVIDIA GPUs, per cloud, with the memory of one GPU and a floor of
 * what one GPU of the family costs on-demand. The schema uses it to refuse a GPU pool of instances
 * without a GPU, an LLM serving pool whose GPUs are too small for a generator model, and warm GPU
 * nodes the budget cannot pay for. A family missing here is refused: add it.
 */
export interface GpuFamily {
  readonly gpu: string;
  readonly gpuMemoryGb: number;
  /**
   * The lowest on-demand hourly price of one GPU of the family across sizes (us-east-1 /
   * us-central1 list prices, rounded down, late 2025): every node costs at least this, so an idle
   * cost computed from it is a floor, never an overestimate.
   */
  readonly minUsdPerGpuHour: number;
}

/** A family's sizes with one GPU each. */
const ONE_GPU_SIZES = { xlarge: 1, '2xlarge': 1, '4xlarge': 1, '8xlarge': 1, '16xlarge': 1 } as const;

/**
 * AWS families, with what the EKS node pools need besides: the `k8s.amazonaws.com/accelerator` label
 * of the GPU and the GPUs of each size (what the cluster autoscaler is told a node will offer before
 * one exists, so sizes not listed are refused, not guessed). Source: the accelerated computing table
 * of https://aws.amazon.com/ec2/instance-types/.
 */
export const AWS_GPU_FAMILIES: Readonly<Record<string, GpuFamily & { readonly acceleratorLabel: string; readonly gpusBySize: Readonly<Record<string, number>> }>> = {
  g4dn: { gpu: 'T4', gpuMemoryGb: 16, minUsdPerGpuHour: 0.5, acceleratorLabel: 'nvidia-tesla-t4', gpusBySize: { ...ONE_GPU_SIZES, '12xlarge': 4, metal: 8 } },
  g5: { gpu: 'A10G', gpuMemoryGb: 24, minUsdPerGpuHour: 1, acceleratorLabel: 'nvidia-a10g', gpusBySize: { ...ONE_GPU_SIZES, '12xlarge': 4, '24xlarge': 4, '48xlarge': 8 } },
  g6: { gpu: 'L4', gpuMemoryGb: 24, minUsdPerGpuHour: 0.8, acceleratorLabel: 'nvidia-l4', gpusBySize: { ...ONE_GPU_SIZES, '12xlarge': 4, '24xlarge': 4, '48xlarge': 8 } },
  gr6: { gpu: 'L4', gpuMemoryGb: 24, minUsdPerGpuHour: 0.8, acceleratorLabel: 'nvidia-l4', gpusBySize: { '4xlarge': 1, '8xlarge': 1 } },
  g6e: { gpu: 'L40S', gpuMemoryGb: 48, minUsdPerGpuHour: 1.8, acceleratorLabel: 'nvidia-l40s', gpusBySize: { ...ONE_GPU_SIZES, '12xlarge': 4, '24xlarge': 4, '48xlarge': 8 } },
  p4d: { gpu: 'A100', gpuMemoryGb: 40, minUsdPerGpuHour: 2.5, acceleratorLabel: 'nvidia-a100', gpusBySize: { '24xlarge': 8 } },
  p4de: { gpu: 'A100', gpuMemoryGb: 80, minUsdPerGpuHour: 3, acceleratorLabel: 'nvidia-a100-80gb', gpusBySize: { '24xlarge': 8 } },
  p5: { gpu: 'H100', gpuMemoryGb: 80, minUsdPerGpuHour: 4, acceleratorLabel: 'nvidia-h100', gpusBySize: { '48xlarge': 8 } },
  p5e: { gpu: 'H200', gpuMemoryGb: 141, minUsdPerGpuHour: 4, acceleratorLabel: 'nvidia-h200', gpusBySize: { '48xlarge': 8 } },
  p5en: { gpu: 'H200', gpuMemoryGb: 141, minUsdPerGpuHour: 4, acceleratorLabel: 'nvidia-h200', gpusBySize: { '48xlarge': 8 } },
};

/** GCP machine families with GPUs built in (an N1 machine with attached GPUs needs an accelerator setting Plinth does not offer). */
export const GCP_GPU_FAMILIES: Readonly<Record<string, GpuFamily>> = {
  g2: { gpu: 'L4', gpuMemoryGb: 24, minUsdPerGpuHour: 0.7 },
  a2: { gpu: 'A100', gpuMemoryGb: 40, minUsdPerGpuHour: 2.9 },
  a3: { gpu: 'H100', gpuMemoryGb: 80, minUsdPerGpuHour: 3 },
};

/** GPU memory a generator model needs on one GPU: a 7-8B model in 16-bit with room for its KV cache. */
export const LARGE_GPU_MEMORY_GB = 40;

export type GpuCloud = 'aws' | 'gcp';

const FAMILIES: Readonly<Record<GpuCloud, Readonly<Record<string, GpuFamily>>>> = { aws: AWS_GPU_FAMILIES, gcp: GCP_GPU_FAMILIES };

/** The family of an instance type: `g5` of `g5.xlarge` (AWS), `a2` of `a2-highgpu-1g` (GCP). */
export function instanceFamily(cloud: GpuCloud, instanceType: string): string {
  return cloud === 'aws' ? instanceType.split('.')[0]! : instanceType.split('-')[0]!;
}

export function gpuFamilyOf(cloud: GpuCloud, instanceType: string): GpuFamily | undefined {
  return FAMILIES[cloud][instanceFamily(cloud, instanceType)];
}

/** The families of one cloud, for error messages: `g4dn, g5, ...`. */
export function gpuFamilyNames(cloud: GpuCloud, minimumMemoryGb = 0): string {
  return Object.entries(FAMILIES[cloud])
    .filter(([, family]) => family.gpuMemoryGb >= minimumMemoryGb)
    .map(([name]) => name)
    .join(', ');
}

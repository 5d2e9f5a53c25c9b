/**
 * The EC2 instance families with NVIDIA GPUs that Plinth's GPU pools accept, and what each size
 * carries. The GPU count per size is what the cluster autoscaler is told a node will offer before
 * one exists (scale from zero), so it must be right: sizes not listed here are refused, not guessed.
 * Source: the accelerated computing table of https://aws.amazon.com/ec2/instance-types/. The
 * families are those core/config/gpu-instances.ts accepts, so a config the schema takes synthesizes.
 */
interface GpuFamily {
  /** The GPU model, as the `k8s.amazonaws.com/accelerator` label spells it. */
  readonly gpu: string;
  readonly gpuMemoryGib: number;
  /** GPUs per instance size; sizes not listed do not exist. */
  readonly gpusBySize: Readonly<Record<string, number>>;
}

const ONE_GPU_SIZES = { xlarge: 1, '2xlarge': 1, '4xlarge': 1, '8xlarge': 1, '16xlarge': 1 } as const;

const GPU_FAMILIES: Readonly<Record<string, GpuFamily>> = {
  g4dn: { gpu: 'nvidia-tesla-t4', gpuMemoryGib: 16, gpusBySize: { ...ONE_GPU_SIZES, '12xlarge': 4, metal: 8 } },
  g5: { gpu: 'nvidia-a10g', gpuMemoryGib: 24, gpusBySize: { ...ONE_GPU_SIZES, '12xlarge': 4, '24xlarge': 4, '48xlarge': 8 } },
  g6: { gpu: 'nvidia-l4', gpuMemoryGib: 24, gpusBySize: { ...ONE_GPU_SIZES, '12xlarge': 4, '24xlarge': 4, '48xlarge': 8 } },
  g6e: { gpu: 'nvidia-l40s', gpuMemoryGib: 48, gpusBySize: { ...ONE_GPU_SIZES, '12xlarge': 4, '24xlarge': 4, '48xlarge': 8 } },
  p4d: { gpu: 'nvidia-a100', gpuMemoryGib: 40, gpusBySize: { '24xlarge': 8 } },
  p4de: { gpu: 'nvidia-a100-80gb', gpuMemoryGib: 80, gpusBySize: { '24xlarge': 8 } },
  gr6: { gpu: 'nvidia-l4', gpuMemoryGib: 24, gpusBySize: { '4xlarge': 1, '8xlarge': 1 } },
  p5: { gpu: 'nvidia-h100', gpuMemoryGib: 80, gpusBySize: { '48xlarge': 8 } },
  p5e: { gpu: 'nvidia-h200', gpuMemoryGib: 141, gpusBySize: { '48xlarge': 8 } },
  p5en: { gpu: 'nvidia-h200', gpuMemoryGib: 141, gpusBySize: { '48xlarge': 8 } },
};

/** What a GPU pool's nodes offer, the same whichever of its instance types is launched. */
export interface GpuNodeShape {
  readonly gpusPerNode: number;
  /** One GPU model, or `nvidia` when the instance types mix models of the same count. */
  readonly accelerator: string;
  /** Memory of each GPU, the smallest among the instance types: what a model may count on. */
  readonly gpuMemoryGib: number;
}

/** What the listed GPU instances offer, or every reason they cannot form one GPU pool. */
export function gpuNodeShape(instanceTypes: readonly string[]): { shape?: GpuNodeShape; problems: string[] } {
  const problems: string[] = [];
  const found: { type: string; family: GpuFamily; gpus: number }[] = [];
  for (const type of instanceTypes) {
    const [familyName = '', size = ''] = type.split('.');
    const family = GPU_FAMILIES[familyName];
    const gpus = family?.gpusBySize[size];
    if (family && gpus) found.push({ type, family, gpus });
    else if (family) problems.push(`instance type "${type}" is not a size of ${familyName}; its sizes are ${Object.keys(family.gpusBySize).map((s) => `${familyName}.${s}`).join(', ')}`);
    else problems.push(`instance type "${type}" has no NVIDIA GPU; a GPU pool takes the families ${Object.keys(GPU_FAMILIES).join(', ')}`);
  }
  const counts = [...new Set(found.map((f) => f.gpus))];
  if (counts.length > 1) {
    // The autoscaler builds one template node per pool: types with different GPU counts would make it wrong for some.
    problems.push(`instance types must carry the same number of GPUs, got ${found.map((f) => `${f.type}: ${f.gpus}`).join(', ')}`);
  }
  if (problems.length > 0 || found.length === 0) return { problems };
  const models = [...new Set(found.map((f) => f.family.gpu))];
  return { shape: { gpusPerNode: counts[0]!, accelerator: models.length === 1 ? models[0]! : 'nvidia', gpuMemoryGib: Math.min(...found.map((f) => f.family.gpuMemoryGib)) }, problems };
}

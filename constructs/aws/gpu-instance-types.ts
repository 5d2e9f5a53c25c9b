import { AWS_GPU_FAMILIES } from '../../core/config/gpu-instances';

/** The EC2 GPU families Plinth's GPU pools accept: the table the config schema checks against, so a config it takes synthesizes. */
const GPU_FAMILIES = AWS_GPU_FAMILIES;

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
  const found: { type: string; family: (typeof GPU_FAMILIES)[string]; gpus: number }[] = [];
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
  const models = [...new Set(found.map((f) => f.family.acceleratorLabel))];
  return { shape: { gpusPerNode: counts[0]!, accelerator: models.length === 1 ? models[0]! : 'nvidia', gpuMemoryGib: Math.min(...found.map((f) => f.family.gpuMemoryGb)) }, problems };
}

import { gpuFamilyNames, gpuFamilyOf } from '../../core/config/gpu-instances';

/**
 * GKE's accelerator type and GPUs per machine type of each GPU machine series (`g2-standard`,
 * `a2-highgpu`, ...), within the families the config schema accepts (core/config/gpu-instances.ts:
 * g2, a2, a3). GKE needs both in `guest_accelerator`, and they must equal the machine's own GPUs.
 * Sizes not listed are refused, not guessed. Source: Compute Engine's GPU machine types
 * (https://cloud.google.com/compute/docs/gpus, accelerator-optimized machine family).
 * N1 machines with attached GPUs are left out: their GPU model is not implied by the machine type.
 * A3 Ultra (`a3-ultragpu`, H200) is left out too: its boot disk must be Hyperdisk, which the pools do not use.
 */
const GPU_SERIES: Readonly<Record<string, { readonly acceleratorType: string; readonly gpuMemoryGib: number; readonly gpusBySize: Readonly<Record<string, number>> }>> = {
  'g2-standard': { acceleratorType: 'nvidia-l4', gpuMemoryGib: 24, gpusBySize: { '4': 1, '8': 1, '12': 1, '16': 1, '24': 2, '32': 1, '48': 4, '96': 8 } },
  'a2-highgpu': { acceleratorType: 'nvidia-tesla-a100', gpuMemoryGib: 40, gpusBySize: { '1g': 1, '2g': 2, '4g': 4, '8g': 8 } },
  'a2-megagpu': { acceleratorType: 'nvidia-tesla-a100', gpuMemoryGib: 40, gpusBySize: { '16g': 16 } },
  'a2-ultragpu': { acceleratorType: 'nvidia-a100-80gb', gpuMemoryGib: 80, gpusBySize: { '1g': 1, '2g': 2, '4g': 4, '8g': 8 } },
  'a3-highgpu': { acceleratorType: 'nvidia-h100-80gb', gpuMemoryGib: 80, gpusBySize: { '1g': 1, '2g': 2, '4g': 4, '8g': 8 } },
  'a3-megagpu': { acceleratorType: 'nvidia-h100-mega-80gb', gpuMemoryGib: 80, gpusBySize: { '8g': 8 } },
};

/** What the nodes of one GPU machine type carry. */
export interface GpuMachine {
  /** GKE's accelerator type (`nvidia-l4`), which it also puts in the node label `cloud.google.com/gke-accelerator`. */
  readonly acceleratorType: string;
  readonly gpusPerNode: number;
  readonly gpuMemoryGib: number;
}

/** The GPUs of each listed machine type, or every reason they cannot form one GPU pool. */
export function gpuMachines(machineTypes: readonly string[]): { machines: Record<string, GpuMachine>; problems: string[] } {
  const machines: Record<string, GpuMachine> = {};
  const problems: string[] = [];
  for (const type of machineTypes) {
    const match = /^([a-z0-9]+-[a-z]+)-([a-z0-9]+)$/.exec(type);
    const series = match ? GPU_SERIES[match[1]!] : undefined;
    const gpus = series?.gpusBySize[match![2]!];
    if (series && gpus && gpuFamilyOf('gcp', type)) machines[type] = { acceleratorType: series.acceleratorType, gpusPerNode: gpus, gpuMemoryGib: series.gpuMemoryGib };
    else if (series) problems.push(`machine type "${type}" is not a size of ${match![1]}; its sizes are ${Object.keys(series.gpusBySize).map((size) => `${match![1]}-${size}`).join(', ')}`);
    else if (gpuFamilyOf('gcp', type)) problems.push(`machine type "${type}" is not one GKE GPU pools support yet; they take the series ${Object.keys(GPU_SERIES).join(', ')}`);
    else problems.push(`machine type "${type}" has no NVIDIA GPU built in; a GPU pool takes the machine families ${gpuFamilyNames('gcp')} (series ${Object.keys(GPU_SERIES).join(', ')})`);
  }
  const counts = [...new Set(Object.values(machines).map((machine) => machine.gpusPerNode))];
  if (counts.length > 1) {
    // Pods ask for a number of GPUs: types with different counts would fit some requests on one pool only.
    problems.push(`machine types must carry the same number of GPUs, got ${Object.entries(machines).map(([type, machine]) => `${type}: ${machine.gpusPerNode}`).join(', ')}`);
  }
  return { machines, problems };
}

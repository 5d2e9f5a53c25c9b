import type { Pack } from '../../engine/rule';
import { ecrImmutableTags } from '../aws/ecr-immutable-tags';
import { ecrScanOnPush } from '../aws/ecr-scan-on-push';
import { gpuPoolScalesToZero } from './gpu-pool-scales-to-zero';
import { gpuPoolTainted } from './gpu-pool-tainted';
import { helmReleasePinned } from './helm-release-pinned';
import { modelBucketsVersioned } from './model-buckets-versioned';
import { noSpotServingInProduction } from './no-spot-serving-in-production';
import { registryImmutableTags } from './registry-immutable-tags';
import { servingProbesAndLimits } from './serving-probes-and-limits';

export const mlPlatformPack: Pack = {
  name: 'ml-platform',
  description: 'ML platform practice: GPU pools, spot capacity, model storage, registries, serving workloads, Helm charts.',
  rules: [
    ecrImmutableTags,
    ecrScanOnPush,
    gpuPoolTainted,
    gpuPoolScalesToZero,
    noSpotServingInProduction,
    modelBucketsVersioned,
    registryImmutableTags,
    servingProbesAndLimits,
    helmReleasePinned,
  ],
};

import type { BlueprintDefaults } from '../defaults';
import { STARTUP_DEFAULTS } from '../startup/defaults';

/**
 * The realtime blueprint's defaults: startup's, plus a GPU inference pool, a feature store and
 * Triton. Development's GPU pool scales from zero on spot (falling back to on-demand) and runs one
 * Triton replica: Triton scales to zero only with a `wakeQuery` on its callers' demand, which Plinth
 * cannot know (constructs/k8s/triton/README.md), so `triton: { minReplicas: 0, wakeQuery }` is the
 * config that lets an idle development environment release its GPU node. Production keeps one
 * on-demand GPU node and two Triton replicas warm, and a Multi-AZ online store with a replica.
 */
export const REALTIME_DEFAULTS: BlueprintDefaults = {
  capabilities: { ...STARTUP_DEFAULTS.capabilities, gpuInference: true, featureStore: true, triton: true },
  sizes: {
    development: {
      ...STARTUP_DEFAULTS.sizes.development,
      monthlyBudgetUsd: 1000,
      gpuInference: { minSize: 0, desiredSize: 0, maxSize: 2, capacity: 'spot', spotFallbackToOnDemand: true },
      featureStore: { replicas: 0 },
      triton: { minReplicas: 1, maxReplicas: 2, targetQueueTimeMs: 50 },
    },
    production: {
      ...STARTUP_DEFAULTS.sizes.production,
      monthlyBudgetUsd: 15000,
      gpuInference: { minSize: 1, desiredSize: 1, maxSize: 6, capacity: 'on-demand', spotFallbackToOnDemand: false },
      featureStore: { replicas: 1 },
      triton: { minReplicas: 2, maxReplicas: 8, targetQueueTimeMs: 20 },
    },
  },
  cloudSizes: {
    aws: {
      development: { ...STARTUP_DEFAULTS.cloudSizes.aws.development, gpuInferenceInstanceTypes: ['g6.xlarge', 'g5.xlarge', 'g4dn.xlarge'], featureStoreNodeType: 'cache.t4g.medium' },
      production: { ...STARTUP_DEFAULTS.cloudSizes.aws.production, gpuInferenceInstanceTypes: ['g6.2xlarge', 'g5.2xlarge'], featureStoreNodeType: 'cache.r7g.large' },
    },
    gcp: {
      development: { ...STARTUP_DEFAULTS.cloudSizes.gcp.development, gpuInferenceInstanceTypes: ['g2-standard-4'], featureStoreNodeType: 'redis-shared-core-nano' },
      production: { ...STARTUP_DEFAULTS.cloudSizes.gcp.production, gpuInferenceInstanceTypes: ['g2-standard-8'], featureStoreNodeType: 'redis-highmem-medium' },
    },
  },
};

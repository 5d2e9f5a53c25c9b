import type { BlueprintDefaults } from '../defaults';

/**
 * The startup blueprint's defaults. A team starting out pays for one NAT gateway, a burstable
 * database and two small system nodes; production gets three zones, a standby database, longer
 * retention and two replicas of each service at least.
 */
export const STARTUP_DEFAULTS: BlueprintDefaults = {
  // The GPU, feature store, vector database and LLM capabilities are the realtime and llm-rag blueprints'; ci is
  // offered by every blueprint and off in all (capabilities.ts, OPT_IN_CAPABILITIES); realtime and llm-rag inherit these.
  capabilities: { tracking: true, drift: true, gates: true, inference: true, console: true, monitoring: true, gpuInference: false, featureStore: false, triton: false, vectorDb: false, llmServing: false, llmSignals: false, ci: false },
  sizes: {
    development: {
      network: { cidr: '10.0.0.0/16', zoneCount: 2, flowLogRetentionDays: 30 },
      artifacts: { noncurrentTransitionDays: 30, noncurrentExpirationDays: 90 },
      database: { allocatedStorageGb: 20, maxAllocatedStorageGb: 100, backupRetentionDays: 7 },
      cluster: { logRetentionDays: 30 },
      systemNodes: { minSize: 1, desiredSize: 2, maxSize: 3 },
      serviceReplicas: { min: 1, max: 3 },
      monthlyBudgetUsd: 500,
    },
    production: {
      network: { cidr: '10.0.0.0/16', zoneCount: 3, flowLogRetentionDays: 365 },
      artifacts: { noncurrentTransitionDays: 30, noncurrentExpirationDays: 365 },
      database: { allocatedStorageGb: 100, maxAllocatedStorageGb: 1000, backupRetentionDays: 30 },
      cluster: { logRetentionDays: 365 },
      systemNodes: { minSize: 2, desiredSize: 3, maxSize: 6 },
      serviceReplicas: { min: 2, max: 6 },
      monthlyBudgetUsd: 5000,
    },
  },
  cloudSizes: {
    aws: {
      development: { clusterVersion: '1.35', databaseInstanceClass: 'db.t4g.medium', systemNodeType: 't3.large' },
      production: { clusterVersion: '1.35', databaseInstanceClass: 'db.r6g.large', systemNodeType: 'm6i.large' },
    },
    gcp: {
      development: { clusterVersion: '1.34', databaseInstanceClass: 'db-custom-2-7680', systemNodeType: 'e2-standard-4' },
      production: { clusterVersion: '1.34', databaseInstanceClass: 'db-custom-4-16384', systemNodeType: 'n2-standard-4' },
    },
  },
};

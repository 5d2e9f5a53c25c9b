import type { CloudKit, NodePool, OnlineCache, WorkloadIdentity } from '../../constructs/kit';
import type { BlueprintEnvironment } from '../blueprint';
import { startupFoundation, type StartupHandles } from '../startup/foundation';
import { FEATURE_STORE_CACHE_USER, REALTIME_ACCOUNTS, REALTIME_PREFIXES, SERVING_NAMESPACE } from './serving';

/** What the realtime foundation hands to its add-ons and workloads, beyond startup's. */
export interface RealtimeHandles extends StartupHandles {
  /** The cluster's Kubernetes version: the cluster autoscaler runs the release of the same minor. */
  readonly kubernetesVersion: string;
  /**
   * Present with GPU inference: the pool, and the identity of the cluster autoscaler that scales it from zero,
   * absent when the cluster autoscales its node pools itself (`managedAddons` has `node-autoscaler`: GKE).
   */
  readonly gpu?: { readonly pool: NodePool; readonly autoscaler?: WorkloadIdentity };
  /** Present with Triton: its identity, read-only on its model prefix. */
  readonly triton?: { readonly identity: WorkloadIdentity; readonly modelRepository: string };
  /** Present with the feature store: the online store, and the feature server's identity and cache user. */
  readonly featureStore?: { readonly cache: OnlineCache; readonly identity: WorkloadIdentity; readonly cacheUser: string; readonly project: string };
}

/** Feast's project per environment: `<platform>_<environment>`, in Feast's alphabet. */
function featureStoreProject({ platform, resolved }: BlueprintEnvironment): string {
  return `${platform.platform}_${resolved.name}`.replace(/[^A-Za-z0-9_-]/g, '_');
}

/**
 * The realtime foundation: startup's, plus a GPU pool for inference (NVIDIA taint and labels, scaling
 * from zero through the cluster autoscaler's own identity, or the cluster's own autoscaling; on spot, with an on-demand fallback when
 * the environment asks for one), Triton's identity reading its model
 * prefix only, and the feature store's online cache (TLS, KMS, IAM-only users) with the feature
 * server's identity. Each piece only when its capability is on in the environment.
 */
export function realtimeFoundation(kit: CloudKit, environment: BlueprintEnvironment): RealtimeHandles {
  const startup = startupFoundation(kit, environment);
  const { sizes, capabilities } = environment.resolved;
  const { cluster, artifacts } = startup;

  const autoscalesItself = cluster.managedAddons.includes('node-autoscaler');
  const gpu = sizes.gpuInference && {
    pool: cluster.addNodePool('gpu-inference', {
      instanceTypes: sizes.gpuInference.instanceTypes,
      minSize: sizes.gpuInference.minSize,
      desiredSize: sizes.gpuInference.desiredSize,
      maxSize: sizes.gpuInference.maxSize,
      capacity: sizes.gpuInference.capacity,
      spotFallbackToOnDemand: sizes.gpuInference.spotFallbackToOnDemand,
      accelerator: { kind: 'nvidia' },
    }),
    autoscaler: autoscalesItself ? undefined : cluster.addWorkloadIdentity(REALTIME_ACCOUNTS.clusterAutoscaler.namespace, REALTIME_ACCOUNTS.clusterAutoscaler.name),
  };
  if (gpu) {
    startup.registry?.grantPull(gpu.pool);
    if (gpu.autoscaler) cluster.grantNodeAutoscaling(gpu.autoscaler);
  }

  let triton: RealtimeHandles['triton'];
  if (capabilities.triton) {
    const identity = cluster.addWorkloadIdentity(SERVING_NAMESPACE, REALTIME_ACCOUNTS.triton);
    artifacts.grantRead(identity, REALTIME_PREFIXES.tritonModels);
    triton = { identity, modelRepository: `${artifacts.uri}/${REALTIME_PREFIXES.tritonModels}` };
  }

  let featureStore: RealtimeHandles['featureStore'];
  if (sizes.featureStore) {
    const cache = kit.onlineCache('OnlineStore', {
      nodeType: sizes.featureStore.nodeType,
      highlyAvailable: sizes.featureStore.multiAz,
      replicas: sizes.featureStore.replicas,
      snapshotRetentionDays: 7,
    });
    const identity = cluster.addWorkloadIdentity(SERVING_NAMESPACE, REALTIME_ACCOUNTS.featureServer);
    const cacheUser = cache.grantConnect(identity, FEATURE_STORE_CACHE_USER);
    artifacts.grantReadWrite(identity, REALTIME_PREFIXES.featureStore);
    featureStore = { cache, identity, cacheUser, project: featureStoreProject(environment) };
  }

  return {
    ...startup,
    kubernetesVersion: sizes.cluster.version,
    gpu,
    triton,
    featureStore,
    outputs: {
      ...startup.outputs,
      ...(triton && { triton_model_repository: { value: triton.modelRepository, description: 'Triton model repository: <model>/<version>/ and config.pbtxt' } }),
      ...(featureStore && {
        feature_store_host: { value: featureStore.cache.host, description: 'Online store (Redis protocol, TLS, IAM authentication) primary endpoint' },
        feature_store_port: { value: featureStore.cache.port, description: 'Online store port' },
        feature_store_user: { value: featureStore.cacheUser, description: 'Online store user of the feature server (IAM authentication)' },
        feature_store_cache_name: { value: featureStore.cache.cacheName, description: 'Online store name, which IAM authentication tokens are signed for' },
        feature_store_project: { value: featureStore.project, description: 'Feast project of this environment (`plinth feature-store config` writes feature_store.yaml from these outputs)' },
      }),
    },
  };
}

import type { ArtifactStore, CloudKit, ContainerRegistry, KubernetesCluster, MetadataDatabase, WorkloadIdentity } from '../../constructs/kit';
import type { BlueprintEnvironment, FoundationHandles } from '../blueprint';
import { bootstrapServiceAccount, type PlinthServiceDefinition, SERVICES_NAMESPACE, STARTUP_SERVICES } from './services';

/** The cloud identities of one service: its own, and its database bootstrap job's. */
export interface ServiceIdentities {
  readonly service: WorkloadIdentity;
  readonly databaseBootstrap: WorkloadIdentity;
}

/** What the startup foundation hands to its workloads. */
export interface StartupHandles extends FoundationHandles {
  readonly cluster: KubernetesCluster;
  readonly artifacts: ArtifactStore;
  /** Absent when no enabled capability keeps data in a database. */
  readonly database?: MetadataDatabase;
  /** Absent when no service is enabled: there is no image to keep. */
  readonly registry?: ContainerRegistry;
  /** The enabled services, each with its identities. */
  readonly services: readonly { readonly definition: PlinthServiceDefinition; readonly identities: ServiceIdentities }[];
  /** IPv4 range of the environment's network: where the database listens. */
  readonly networkCidr: string;
}

/**
 * The startup foundation: an encrypted artifact bucket, a PostgreSQL server, container repositories
 * for the enabled services, a small cluster with a system node pool, the cloud's model registry as a
 * mirror, a budget, and per enabled service a workload identity granted exactly what it uses.
 */
export function startupFoundation(kit: CloudKit, { resolved }: BlueprintEnvironment): StartupHandles {
  const { sizes, capabilities } = resolved;
  const enabled = STARTUP_SERVICES.filter((service) => capabilities[service.capability]);

  const artifacts = kit.artifactStore('Artifacts', sizes.artifacts);
  const database = enabled.length > 0 ? kit.metadataDatabase('MetadataDatabase', sizes.database) : undefined;
  const registry = enabled.length > 0 ? kit.containerRegistry('Registry', { services: enabled.map((service) => service.name) }) : undefined;
  const cluster = kit.kubernetesCluster('Cluster', sizes.cluster);
  const systemNodes = cluster.addNodePool('system', sizes.systemNodes);
  registry?.grantPull(systemNodes);
  const modelRegistry = kit.modelRegistryMirror('ModelRegistry');
  kit.budget('Budget', sizes.budget);

  const services = enabled.map((definition) => {
    const identities: ServiceIdentities = {
      service: cluster.addWorkloadIdentity(SERVICES_NAMESPACE, definition.name),
      databaseBootstrap: cluster.addWorkloadIdentity(SERVICES_NAMESPACE, bootstrapServiceAccount(definition)),
    };
    if (definition.artifactsPrefix) artifacts.grantReadWrite(identities.service, definition.artifactsPrefix);
    database!.grantConnect(identities.service, definition.database.role);
    database!.grantAdminCredentials(identities.databaseBootstrap);
    return { definition, identities };
  });

  return {
    cluster,
    artifacts,
    database,
    registry,
    services,
    networkCidr: sizes.network.cidr,
    outputs: {
      artifact_uri: { value: artifacts.uri, description: 'Bucket for datasets, model artifacts and the Triton model repository' },
      ...(database && {
        database_endpoint: { value: database.endpoint, description: 'PostgreSQL host of the metadata database (TLS and IAM auth required)' },
        database_port: { value: database.port, description: 'PostgreSQL port' },
      }),
      cluster_name: { value: cluster.access.clusterName, description: 'Kubernetes cluster name' },
      model_registry: { value: modelRegistry.registryName, description: 'Cloud model registry mirrored by the promotion gates' },
      ...Object.fromEntries(
        Object.entries(registry?.repositoryUrls ?? {}).map(([service, url]) => [`${service}_repository`, { value: url, description: `Container repository of the ${service} service` }]),
      ),
    },
  };
}

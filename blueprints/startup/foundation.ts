import type { ArtifactStore, CloudKit, ContainerRegistry, DatabaseLogin, KubernetesCluster, MetadataDatabase, ModelRegistryMirror, WorkloadIdentity } from '../../constructs/kit';
import type { BlueprintEnvironment, FoundationHandles } from '../blueprint';
import { bootstrapServiceAccount, type PlinthServiceDefinition, SERVICES_NAMESPACE, STARTUP_SERVICES, usesCloud } from './services';

/** The cloud identities of one service: its own, and its database bootstrap job's when it has a database. */
export interface ServiceIdentities {
  /** Absent for a service that touches no cloud resource (the console, see `usesCloud`). */
  readonly service?: WorkloadIdentity;
  /** Absent for a service without a database (inference). */
  readonly databaseBootstrap?: WorkloadIdentity;
}

/** What the startup foundation hands to its workloads. */
export interface StartupHandles extends FoundationHandles {
  readonly cluster: KubernetesCluster;
  readonly artifacts: ArtifactStore;
  /** Absent when no enabled capability keeps data in a database. */
  readonly database?: MetadataDatabase;
  /** Absent when no service is enabled: there is no image to keep. */
  readonly registry?: ContainerRegistry;
  /** The cloud's model registry the gates mirror into; absent with the gates off (nothing would write to it). */
  readonly modelRegistry?: ModelRegistryMirror;
  /** The enabled services, each with its identities. */
  readonly services: readonly {
    readonly definition: PlinthServiceDefinition;
    readonly identities: ServiceIdentities;
    /** How the service logs in to its database, when it has one. */
    readonly login?: DatabaseLogin;
  }[];
  /** IPv4 range of the environment's network: where the database listens. */
  readonly networkCidr: string;
}

/**
 * The startup foundation: an encrypted artifact bucket, a PostgreSQL server for the services that
 * keep data, container repositories for the enabled services, a small cluster with a system node
 * pool, the cloud's model registry as the gates' mirror, a budget, and per enabled service a
 * workload identity granted exactly what it uses (none for a service that touches no cloud resource: the console).
 */
export function startupFoundation(kit: CloudKit, { resolved }: BlueprintEnvironment): StartupHandles {
  const { sizes, capabilities } = resolved;
  const enabled = STARTUP_SERVICES.filter((service) => capabilities[service.capability]);

  const artifacts = kit.artifactStore('Artifacts', sizes.artifacts);
  const database = enabled.some((service) => service.database) ? kit.metadataDatabase('MetadataDatabase', sizes.database) : undefined;
  const registry = enabled.length > 0 ? kit.containerRegistry('Registry', { services: enabled.map((service) => service.name) }) : undefined;
  const cluster = kit.kubernetesCluster('Cluster', sizes.cluster);
  const systemNodes = cluster.addNodePool('system', sizes.systemNodes);
  registry?.grantPull(systemNodes);
  const modelRegistry = enabled.some((service) => service.publishesToModelRegistry) ? kit.modelRegistryMirror('ModelRegistry') : undefined;
  kit.budget('Budget', sizes.budget);

  const services = enabled.map((definition) => {
    if (!usesCloud(definition)) return { definition, identities: {} };
    const service = cluster.addWorkloadIdentity(SERVICES_NAMESPACE, definition.name);
    for (const prefix of definition.artifacts?.readWrite ?? []) artifacts.grantReadWrite(service, prefix);
    for (const prefix of definition.artifacts?.read ?? []) artifacts.grantRead(service, prefix);
    if (definition.publishesToModelRegistry) modelRegistry!.grantPublish(service);
    if (!definition.database) return { definition, identities: { service } };
    const databaseBootstrap = cluster.addWorkloadIdentity(SERVICES_NAMESPACE, bootstrapServiceAccount(definition));
    const login = database!.grantConnect(service, definition.database.role);
    database!.grantAdminCredentials(databaseBootstrap);
    return { definition, identities: { service, databaseBootstrap }, login };
  });

  return {
    cluster,
    artifacts,
    database,
    registry,
    modelRegistry,
    services,
    networkCidr: sizes.network.cidr,
    outputs: {
      artifact_uri: { value: artifacts.uri, description: 'Bucket for datasets, model artifacts and the Triton model repository' },
      ...(database && {
        database_endpoint: { value: database.endpoint, description: 'PostgreSQL host of the metadata database (TLS and IAM auth required)' },
        database_port: { value: database.port, description: 'PostgreSQL port' },
      }),
      cluster_name: { value: cluster.access.clusterName, description: 'Kubernetes cluster name' },
      ...(modelRegistry && {
        model_registry: {
          value: modelRegistry.registryName,
          description:
            modelRegistry.notMirroredBecause === undefined
              ? 'Cloud model registry mirrored by the promotion gates'
              : `Cloud model registry, NOT mirrored by the promotion gates: ${modelRegistry.notMirroredBecause}`,
        },
      }),
      ...Object.fromEntries(
        Object.entries(registry?.repositoryUrls ?? {}).map(([service, url]) => [`${service}_repository`, { value: url, description: `Container repository of the ${service} service` }]),
      ),
    },
  };
}

import { ContainerCluster } from '@cdktf/provider-google/lib/container-cluster';
import { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member';
import { ServiceAccount } from '@cdktf/provider-google/lib/service-account';
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import type { ClusterAccess, ContinuousDeliveryRoles, EncryptedVolumeClass, Grantee, KubernetesCluster, ManagedAddon, NodeGroupPriorities, NodePoolSpec } from '../kit';
import { GithubActionsIdentities } from './ci-identities';
import type { GcpEncryptionKey } from './encryption-key';
import { GkeNodePool } from './gke-node-pool';
import { memberOf } from './grants';
import { GkeWorkloadIdentity, serviceAccountId } from './workload-identity';
import type { RegionalPlacement } from './regional-placement';

/**
 * What a node's own agents (kubelet, logging and monitoring agents, the autoscaler's metrics) need:
 * Google's predefined role for exactly that, which its guide names as the minimum for a node service
 * account ("Configure GKE node service accounts", "Grant the minimum required role for GKE":
 * https://docs.cloud.google.com/kubernetes-engine/security/configure-node-service-accounts). It holds the
 * permissions of logging.logWriter, monitoring.metricWriter, stackdriver.resourceMetadata.writer and
 * autoscaling.metricsWriter, and only the monitoring reads the agents make, not all of monitoring.viewer.
 * Image pulls come from `registry.grantPull(pool)`.
 */
export const NODE_SERVICE_ACCOUNT_ROLES = ['roles/container.defaultNodeServiceAccount'] as const;

/** Cluster logs and metrics sent to Cloud Logging and Cloud Monitoring. */
export const LOGGING_COMPONENTS = ['SYSTEM_COMPONENTS', 'WORKLOADS'] as const;
/**
 * GKE's workload metrics (`WORKLOADS` in monitoring) were removed in 1.24; workloads' metrics go to
 * Google Cloud Managed Service for Prometheus, enabled below.
 */
export const MONITORING_COMPONENTS = ['SYSTEM_COMPONENTS'] as const;

export interface GkeClusterProps extends RegionalPlacement {
  /** Cluster name: lower-case letters, digits and `-`, starting with a letter, at most 40. */
  readonly name: string;
  /**
   * Kubernetes minor version (`1.33`), the control plane's `min_master_version`: GKE creates the cluster
   * at the newest patch of that minor the release channel offers, and the channel upgrades it from
   * there (Terraform never downgrades it). The minor must still be offered by the channel.
   */
  readonly version: string;
  /** Master authorized networks; empty keeps the endpoint private. Never 0.0.0.0/0. */
  readonly publicAccessCidrs: readonly string[];
  readonly deletionProtection: boolean;
  /** Labels of the cluster, which GKE also puts on the VMs and disks it creates for it. */
  readonly labels: Readonly<Record<string, string>>;
  /** @default "REGULAR" */
  readonly releaseChannel?: 'RAPID' | 'REGULAR' | 'STABLE';
}

/**
 * GKE's metadata server, which hands pods their Workload Identity tokens: with Dataplane V2 at 169.254.169.254:80
 * (the GKE metadata server, not the node's: GKE_METADATA mode hides the node's credentials), and at
 * 169.254.169.252:988 where GKE documents it for network policies. Every other egress stays denied.
 */
export const GKE_IDENTITY_ENDPOINTS: readonly { readonly cidr: string; readonly port: number }[] = [
  { cidr: '169.254.169.254/32', port: 80 },
  { cidr: '169.254.169.252/32', port: 988 },
];

/**
 * GKE Standard, regional: private nodes, the API endpoint private or open to listed networks only,
 * Workload Identity, Shielded Nodes, Dataplane V2 (which enforces NetworkPolicies), a release channel,
 * Kubernetes secrets encrypted with the environment's key, no legacy ABAC, basic auth or client
 * certificates, Binary Authorization enforcing the project's policy, system and workload logs. Its
 * default node pool is removed: pools are requested (`addNodePool`), and all run as one node service
 * account of the cluster with a node's roles only.
 */
export class GkeCluster extends Construct implements KubernetesCluster {
  readonly cluster: ContainerCluster;
  readonly name: string;
  readonly project: string;
  readonly region: string;
  readonly key: GcpEncryptionKey;
  readonly access: ClusterAccess;
  /**
   * Google's client libraries find the project on the GKE metadata server, but read GOOGLE_CLOUD_PROJECT
   * first: set, they need no metadata call and cannot pick up another project from the deployer's defaults.
   */
  readonly podEnvironment: Readonly<Record<string, string>>;
  /** GKE's metadata server, where pods get their Workload Identity tokens (GKE_IDENTITY_ENDPOINTS). */
  readonly identityEndpoints = GKE_IDENTITY_ENDPOINTS;
  /**
   * GKE runs metrics-server as a system component, autoscales node pools itself (GPU pools from zero, the on-demand
   * twin after spot), and on GPU pools installs the NVIDIA driver (gpu_driver_installation_config) and its own
   * device plugin: the workloads must install none of these.
   */
  readonly managedAddons: readonly ManagedAddon[] = ['metrics-server', 'node-autoscaler', 'nvidia-device-plugin'];
  /** `<project>.svc.id.goog`: the Workload Identity pool every identity of the cluster is bound through. */
  readonly workloadPool: string;
  /** The service account of every node of the cluster (never the project's default compute account). */
  readonly nodeServiceAccount: ServiceAccount;
  /** What node pools must wait for: the node account's roles and the boot-disk key grant. */
  readonly nodeDependencies: ITerraformDependable[];
  /**
   * The key StorageClasses name for encrypted persistent disks (the PD CSI driver's
   * `disk-encryption-kms-key` parameter); set by enableEncryptedVolumes.
   */
  volumeEncryptionKeyId?: string;
  private readonly nodePools: GkeNodePool[] = [];

  constructor(scope: Construct, id: string, readonly props: GkeClusterProps) {
    super(scope, id);
    const problems = clusterProblems(props);
    if (problems.length > 0) throw new Error(`GkeCluster ${this.node.path}: ${problems.join('; ')}`);
    this.name = props.name;
    this.project = props.project;
    this.region = props.region;
    this.key = props.key;
    this.workloadPool = `${props.project}.svc.id.goog`;
    this.podEnvironment = { GOOGLE_CLOUD_PROJECT: props.project };

    const containerApi = props.services.enable('container.googleapis.com');
    const binaryAuthorizationApi = props.services.enable('binaryauthorization.googleapis.com');
    this.nodeServiceAccount = new ServiceAccount(this, 'NodeServiceAccount', {
      project: props.project,
      accountId: serviceAccountId(`${props.name}-nodes`),
      displayName: `Nodes of GKE cluster ${props.name}`,
      description: `Every node of GKE cluster ${props.name}: writes logs and metrics; pulls only what registries grant it`,
    });
    const nodeRoles = NODE_SERVICE_ACCOUNT_ROLES.map(
      (role) => new ProjectIamMember(this, `NodeRole-${role.split('/')[1]}`, { project: props.project, role, member: this.nodeServiceAccount.member }),
    );
    this.nodeDependencies = [...nodeRoles, props.key.grantServiceAgent('compute')];

    const publicEndpoint = props.publicAccessCidrs.length > 0;
    this.cluster = new ContainerCluster(this, 'Resource', {
      project: props.project,
      name: props.name,
      location: props.region,
      minMasterVersion: props.version,
      releaseChannel: { channel: props.releaseChannel ?? 'REGULAR' },
      // Node pools are requested separately; the default pool exists only while the cluster is created.
      removeDefaultNodePool: true,
      initialNodeCount: 1,
      // The short-lived default pool runs as the node account with the same protections as every pool.
      nodeConfig: {
        serviceAccount: this.nodeServiceAccount.email,
        oauthScopes: ['https://www.googleapis.com/auth/cloud-platform'],
        imageType: 'COS_CONTAINERD',
        bootDiskKmsKey: props.key.keyId,
        workloadMetadataConfig: { mode: 'GKE_METADATA' },
        shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
      },
      network: props.network.networkId,
      subnetwork: props.network.subnetworkId,
      ipAllocationPolicy: { clusterSecondaryRangeName: props.network.podsRangeName, servicesSecondaryRangeName: props.network.servicesRangeName },
      // Without master_ipv4_cidr_block GKE (1.29+) reaches private nodes over Private Service Connect.
      privateClusterConfig: { enablePrivateNodes: true, enablePrivateEndpoint: !publicEndpoint },
      masterAuthorizedNetworksConfig: {
        cidrBlocks: props.publicAccessCidrs.map((cidr) => ({ cidrBlock: cidr, displayName: `publicAccessCidrs ${cidr}` })),
        // Google Cloud's own public addresses (any customer's VMs) are not an authorized network.
        gcpPublicCidrsAccessEnabled: false,
      },
      workloadIdentityConfig: { workloadPool: this.workloadPool },
      datapathProvider: 'ADVANCED_DATAPATH',
      // Dataplane V2 enforces NetworkPolicies itself; the Calico add-on stays off (GKE refuses both at once).
      networkPolicy: { enabled: false },
      databaseEncryption: { state: 'ENCRYPTED', keyName: props.key.keyId },
      enableShieldedNodes: true,
      enableLegacyAbac: false,
      masterAuth: { clientCertificateConfig: { issueClientCertificate: false } },
      // Enforces the project's singleton policy: until the platform team tightens it (attestations), it
      // admits every image, but the admission check is in place and audited.
      binaryAuthorization: { evaluationMode: 'PROJECT_SINGLETON_POLICY_ENFORCE' },
      loggingConfig: { enableComponents: [...LOGGING_COMPONENTS] },
      monitoringConfig: { enableComponents: [...MONITORING_COMPONENTS], managedPrometheus: { enabled: true } },
      deletionProtection: props.deletionProtection,
      resourceLabels: { ...props.labels },
      // node_config describes the removed default pool only: GKE reports it differently afterwards, and a
      // change to it would replace the cluster.
      lifecycle: { ignoreChanges: ['node_config', 'initial_node_count'] },
      dependsOn: [containerApi, binaryAuthorizationApi, props.key.grantServiceAgent('container'), ...this.nodeDependencies],
    });

    this.access = {
      clusterName: this.cluster.name,
      host: `https://${this.cluster.endpoint}`,
      caCertificateBase64: this.cluster.masterAuth.clusterCaCertificate,
      // gke-gcloud-auth-plugin prints a short-lived (one hour) OAuth access token from the deployer's own
      // gcloud credentials: nothing long-lived is written to the workloads stack's state.
      exec: { apiVersion: 'client.authentication.k8s.io/v1beta1', command: 'gke-gcloud-auth-plugin', args: [] },
    };
  }

  /** Adds node pools labelled `plinth.dev/pool: <name>` (gke-node-pool.ts); grant it registry pulls. */
  addNodePool(name: string, spec: NodePoolSpec): GkeNodePool {
    if (this.node.tryFindChild(`NodePool-${name}`)) throw new Error(`GkeCluster ${this.node.path}: node pool "${name}" was already added`);
    const pool = new GkeNodePool(this, `NodePool-${name}`, { ...spec, cluster: this, name });
    const taken = new Set(this.nodePools.flatMap((other) => other.gkePoolNames));
    const clash = pool.gkePoolNames.find((wanted) => taken.has(wanted));
    if (clash) throw new Error(`GkeCluster ${this.node.path}: node pool "${name}" needs GKE node pool name "${clash}", which another pool's machine type, spot fallback or name already uses; rename one pool`);
    this.nodePools.push(pool);
    return pool;
  }

  /**
   * Undefined: GKE's cluster autoscaler is managed and has no priority expander to configure. A spot
   * pool's on-demand twin waits at zero and grows when spot capacity cannot be had (gke-node-pool.ts).
   */
  nodeGroupPriorities(): NodeGroupPriorities | undefined {
    return undefined;
  }

  /** A Google service account only pods running as `namespace/serviceAccountName` can act as, with no permissions until granted. */
  addWorkloadIdentity(namespace: string, serviceAccountName: string): GkeWorkloadIdentity {
    const id = `Identity-${namespace}-${serviceAccountName}`;
    if (this.node.tryFindChild(id)) throw new Error(`GkeCluster ${this.node.path}: a workload identity for ${namespace}/${serviceAccountName} was already added`);
    return new GkeWorkloadIdentity(this, id, {
      project: this.project,
      clusterName: this.name,
      workloadPool: this.workloadPool,
      namespace,
      serviceAccountName,
      cluster: this.cluster,
    });
  }

  /**
   * Nothing to grant: GKE runs the cluster autoscaler in its control plane with Google's own identity,
   * sized by each pool's `autoscaling` limits, so no workload identity needs rights to resize pools (and
   * no autoscaler should be installed in the cluster). A grantee of another kit or stack is still refused.
   */
  grantNodeAutoscaling(grantee: Grantee): void {
    memberOf(this, grantee);
  }

  /**
   * Nothing to add: GKE maps project IAM to the Kubernetes API, and the CI accounts' project roles already say it
   * (ci-identities.ts): the deploy account's `roles/container.admin` administers the cluster, the plan account's
   * `roles/viewer` reads every object but Secrets. Accounts another kit made are refused.
   */
  grantContinuousDelivery(roles: ContinuousDeliveryRoles): void {
    if (!(roles instanceof GithubActionsIdentities)) {
      throw new Error(`GkeCluster ${this.node.path} cannot give cluster access to CI accounts the GCP kit did not make (plan account ${roles.planRole})`);
    }
  }

  /**
   * Persistent disks encrypted with the environment's key: GKE's managed Compute Engine PD CSI driver
   * (no identity of its own to create: it acts through GKE), and the Compute Engine service agent allowed
   * to use the key. The StorageClass is the workloads layer's: it names `volumeEncryptionKeyId` in its
   * `disk-encryption-kms-key` parameter. Idempotent.
   */
  enableEncryptedVolumes(): void {
    if (this.volumeEncryptionKeyId !== undefined) return;
    this.cluster.putAddonsConfig({ gcePersistentDiskCsiDriverConfig: { enabled: true } });
    const grant = this.key.grantServiceAgent('compute');
    if (!this.cluster.dependsOn?.includes(grant.fqn)) this.cluster.dependsOn = [...(this.cluster.dependsOn ?? []), grant.fqn];
    this.volumeEncryptionKeyId = this.key.keyId;
  }

  /**
   * Balanced persistent disks (SSD-backed, the PD CSI driver's general-purpose type) encrypted with the cluster's key:
   * the driver's `disk-encryption-kms-key` takes the key's full resource name.
   */
  encryptedVolumeClass(): EncryptedVolumeClass {
    if (this.volumeEncryptionKeyId === undefined) throw new Error(`GkeCluster ${this.node.path}: encryptedVolumeClass() needs enableEncryptedVolumes() first (the foundation turns it on with the vector database)`);
    return { provisioner: GKE_PD_CSI_PROVISIONER, parameters: { type: 'pd-balanced', 'disk-encryption-kms-key': this.volumeEncryptionKeyId } };
  }
}

/** GKE's managed Compute Engine Persistent Disk CSI driver. */
export const GKE_PD_CSI_PROVISIONER = 'pd.csi.storage.gke.io';

/** Every problem of the cluster's props, each naming its prop. */
function clusterProblems(props: GkeClusterProps): string[] {
  const problems: string[] = [];
  if (!/^[a-z]([a-z0-9-]{0,38}[a-z0-9])?$/.test(props.name)) {
    problems.push(`name "${props.name}" must be 1-40 lower-case letters, digits and "-", starting with a letter and not ending with "-"`);
  }
  if (!/^1\.\d{1,2}$/.test(props.version)) problems.push(`version "${props.version}" must be a Kubernetes minor version such as "1.33"`);
  for (const cidr of props.publicAccessCidrs) {
    if (/\/0$/.test(cidr)) problems.push(`publicAccessCidrs must not contain ${cidr}; list the networks that need the API`);
    else if (!/^(\d{1,3}\.){3}\d{1,3}\/([1-9]|[12]\d|3[0-2])$/.test(cidr)) problems.push(`publicAccessCidrs entry "${cidr}" must be an IPv4 CIDR such as "203.0.113.0/24"`);
  }
  return problems;
}

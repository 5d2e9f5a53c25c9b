import { NetworkConnectivityServiceConnectionPolicy } from '@cdktf/provider-google/lib/network-connectivity-service-connection-policy';
import { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member';
import { RedisCluster } from '@cdktf/provider-google/lib/redis-cluster';
import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import type { Grantee, OnlineCache } from '../kit';
import { idPart, memberOf } from './grants';
import type { RegionalPlacement } from './regional-placement';

export interface MemorystoreCacheProps extends RegionalPlacement {
  /** Cluster id: a lower-case letter, then at most 58 lower-case letters, digits and hyphens (its connection policy adds `-psc`). */
  readonly name: string;
  /** The node type as the config names it: redis-shared-core-nano, redis-standard-small, redis-highmem-medium or redis-highmem-xlarge. */
  readonly tier: string;
  /** Replicas in other zones (MULTI_ZONE) with automatic failover; needs `replicas` of at least 1. */
  readonly highlyAvailable: boolean;
  /** Labels beyond the provider's default_labels; `google_redis_cluster` takes none in provider 6.50, so they are unused. */
  readonly labels: Readonly<Record<string, string>>;
  /** Read replicas per shard, 0 to 2 (Memorystore for Redis Cluster's limit). @default 0 */
  readonly replicas?: number;
  /** Shards, each a primary (and its replicas) holding part of the key space. @default 1 */
  readonly shards?: number;
  /**
   * The zone of every node when not highly available (SINGLE_ZONE needs one). `-b` rather than `-a` because some
   * regions (europe-west1, us-east1) have no zone a.
   * @default `${region}-b`
   */
  readonly zone?: string;
  /** Refuse to delete the cluster (`deletion_protection_enabled`); turn off only for throwaway environments. @default true */
  readonly deletionProtection?: boolean;
  /** Days daily backups are kept, 1 to 365 (the counterpart of ElastiCache's snapshot retention). @default 7 */
  readonly backupRetentionDays?: number;
}

/** Memorystore for Redis Cluster serves its discovery endpoint on 6379, TLS or not; data nodes on 11000-13047. */
const DISCOVERY_PORT = 6379;
/** Cluster ids are at most 63 characters; 59 leaves room for `-psc`, the connection policy's suffix. */
const CLUSTER_ID = /^[a-z]([a-z0-9-]{0,57}[a-z0-9])?$/;
/** The node types the config validates (core/config/capability-checks.ts), as the API spells them in upper case. */
const NODE_TYPES = ['redis-shared-core-nano', 'redis-standard-small', 'redis-highmem-medium', 'redis-highmem-xlarge'];
const MAX_REPLICAS = 2;
const MAX_SHARDS = 250;
/** What grantConnect's `user` may be, as on AWS, so that the same config works on both clouds. */
const USER = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const USER_MAX_LENGTH = 20;
const DAY_SECONDS = 24 * 60 * 60;

/**
 * Memorystore for Redis Cluster for online features. Clients authenticate with IAM (`AUTH_MODE_IAM_AUTH`: the
 * password of Redis AUTH is the workload's Google access token, checked against `redis.clusters.connect`), so no
 * AUTH string exists and none reaches Terraform state. TLS is required (server authentication, a CA of the cluster's
 * own); data at rest is encrypted with the environment's key; the cluster is reached only through Private Service
 * Connect endpoints Memorystore creates in the environment's subnet under a service connection policy; highly
 * available means replicas spread over three zones (MULTI_ZONE) with automatic failover; RDB snapshots every 24
 * hours plus daily backups; maintenance on Sunday nights.
 *
 * Sources: https://cloud.google.com/memorystore/docs/cluster/about-iam-auth (IAM auth, roles/redis.dbConnectionUser),
 * https://cloud.google.com/memorystore/docs/cluster/instance-provisioning-vpc (APIs, gcp-memorystore-redis policy),
 * https://cloud.google.com/memorystore/docs/cluster/use-cmek (the agent is service-<number>@cloud-redis, as for
 * instances), https://cloud.google.com/memorystore/docs/cluster/connect-cluster-instance (ports).
 */
export class MemorystoreCache extends Construct implements OnlineCache {
  readonly cluster: RedisCluster;
  /** Lets Memorystore create the cluster's PSC endpoints in the environment's subnet, and only Memorystore for Redis. */
  readonly connectionPolicy: NetworkConnectivityServiceConnectionPolicy;
  /** The discovery endpoint's private address: cluster clients learn the data nodes from it. */
  readonly host: string;
  readonly port = DISCOVERY_PORT;
  readonly tls = true as const;
  readonly cacheName: string;
  /** The password of Redis AUTH is the workload's Google access token (memorystore_iam.py in the feature store). */
  readonly authentication = 'gcp-iam' as const;
  /** Memorystore for Redis Cluster: clients discover the shards from the discovery endpoint. */
  readonly clusterMode = true;
  /** The CA certificate (PEM) clients verify the nodes' certificates with; public, not a secret. */
  readonly serverCaCertificate: string;
  /** Data nodes' ports, behind the same Private Service Connect addresses as the discovery endpoint. */
  readonly nodePorts = { from: 11000, to: 13047 };
  /** The OnlineCache name of serverCaCertificate: the cluster's own CA, which no system trust store holds. */
  get caCertificate(): string {
    return this.serverCaCertificate;
  }

  constructor(scope: Construct, id: string, readonly props: MemorystoreCacheProps) {
    super(scope, id);
    const where = `MemorystoreCache ${this.node.path}`;
    const { replicas, shards, zone, backupRetentionDays } = validate(where, props);
    this.cacheName = props.name;

    const networkConnectivity = props.services.enable('networkconnectivity.googleapis.com');
    // One policy per network, region and service class: it lets the gcp-memorystore-redis class (nothing else) put
    // endpoints in the subnet the workloads live in; the cluster's create fails without it.
    this.connectionPolicy = new NetworkConnectivityServiceConnectionPolicy(this, 'ConnectionPolicy', {
      project: props.project,
      location: props.region,
      name: `${props.name}-psc`,
      description: `Private Service Connect endpoints of the Memorystore for Redis Cluster ${props.name}`,
      serviceClass: 'gcp-memorystore-redis',
      network: props.network.networkId,
      pscConfig: { subnetworks: [props.network.subnetworkId] },
      dependsOn: [networkConnectivity],
    });

    this.cluster = new RedisCluster(this, 'Resource', {
      project: props.project,
      region: props.region,
      name: props.name,
      nodeType: props.tier.toUpperCase().replace(/-/g, '_'),
      shardCount: shards,
      replicaCount: replicas,
      zoneDistributionConfig: props.highlyAvailable ? { mode: 'MULTI_ZONE' } : { mode: 'SINGLE_ZONE', zone },
      authorizationMode: 'AUTH_MODE_IAM_AUTH',
      transitEncryptionMode: 'TRANSIT_ENCRYPTION_MODE_SERVER_AUTHENTICATION',
      kmsKey: props.key.keyId,
      pscConfigs: [{ network: props.network.networkId }],
      deletionProtectionEnabled: props.deletionProtection ?? true,
      // RDB only (AOF off): the online store is rebuilt by materialization, so a day's snapshot bounds the loss.
      persistenceConfig: { mode: 'RDB', rdbConfig: { rdbSnapshotPeriod: 'TWENTY_FOUR_HOURS' } },
      automatedBackupConfig: {
        retention: `${backupRetentionDays * DAY_SECONDS}s`,
        fixedFrequencySchedule: { startTime: { hours: 2 } },
      },
      maintenancePolicy: { weeklyMaintenanceWindow: [{ day: 'SUNDAY', startTime: { hours: 3, minutes: 0, seconds: 0, nanos: 0 } }] },
      dependsOn: [
        props.services.enable('redis.googleapis.com'),
        // Memorystore creates the PSC endpoints through the Service Consumer Management API.
        props.services.enable('serviceconsumermanagement.googleapis.com'),
        props.key.grantServiceAgent('redis'),
        this.connectionPolicy,
      ],
    });
    this.host = this.cluster.discoveryEndpoints.get(0).address;
    this.serverCaCertificate = Fn.element(this.cluster.managedServerCa.get(0).caCerts.get(0).certificates, 0);
  }

  /**
   * Lets `grantee` connect with IAM authentication: `roles/redis.dbConnectionUser` (`redis.clusters.connect` only;
   * it reads no data-plane secret, there is none) on the project, as Memorystore grants it, conditioned to this
   * cluster's resource name. The condition matches the name's tail so that it holds whether IAM spells the project
   * by id or by number; the binding itself is on this project only.
   * @param user - lower-case letters, digits and single hyphens (`feast`), checked as on AWS; names nothing here:
   *   the identity is the grantee's service account, whose access token is the password
   * @returns `default`: Redis IAM auth sends the token with a one-argument AUTH, so clients log in as the default user
   */
  grantConnect(grantee: Grantee, user: string): string {
    if (user.length > USER_MAX_LENGTH || !USER.test(user)) {
      throw new Error(`MemorystoreCache ${this.node.path}: user "${user}" must be at most ${USER_MAX_LENGTH} lower-case letters, digits and single hyphens, starting with a letter (such as "feast")`);
    }
    const id = `Connect-${idPart(grantee.description)}`;
    if (!this.node.tryFindChild(id)) {
      new ProjectIamMember(this, id, {
        project: this.props.project,
        role: 'roles/redis.dbConnectionUser',
        member: memberOf(this, grantee),
        condition: {
          title: `${this.props.name} only`,
          expression: `resource.name.endsWith('/locations/${this.props.region}/clusters/${this.props.name}')`,
        },
      });
    }
    return 'default';
  }
}

/** Every prop checked before anything is made; returns the defaults filled in. */
function validate(where: string, props: MemorystoreCacheProps): { replicas: number; shards: number; zone: string; backupRetentionDays: number } {
  if (!CLUSTER_ID.test(props.name)) {
    throw new Error(`${where}: name "${props.name}" must be at most 59 lower-case letters, digits and hyphens, starting with a letter and not ending with a hyphen`);
  }
  if (!NODE_TYPES.includes(props.tier)) {
    throw new Error(`${where}: tier "${props.tier}" must be a Memorystore for Redis Cluster node type: ${NODE_TYPES.join(', ')}`);
  }
  const replicas = props.replicas ?? 0;
  if (!Number.isInteger(replicas) || replicas < 0 || replicas > MAX_REPLICAS) {
    throw new Error(`${where}: replicas must be a whole number from 0 to ${MAX_REPLICAS} (replicas per shard in Memorystore for Redis Cluster), got ${replicas}`);
  }
  if (props.highlyAvailable && replicas < 1) {
    throw new Error(`${where}: highlyAvailable needs replicas of at least 1 (a replica in another zone to fail over to), got replicas ${replicas}`);
  }
  const shards = props.shards ?? 1;
  if (!Number.isInteger(shards) || shards < 1 || shards > MAX_SHARDS) {
    throw new Error(`${where}: shards must be a whole number from 1 to ${MAX_SHARDS}, got ${shards}`);
  }
  const zone = props.zone ?? `${props.region}-b`;
  if (!zone.startsWith(`${props.region}-`) || !/^[a-z0-9-]+-[a-z]$/.test(zone)) {
    throw new Error(`${where}: zone "${zone}" must be a zone of ${props.region}, such as "${props.region}-b"`);
  }
  const backupRetentionDays = props.backupRetentionDays ?? 7;
  if (!Number.isInteger(backupRetentionDays) || backupRetentionDays < 1 || backupRetentionDays > 365) {
    throw new Error(`${where}: backupRetentionDays must be a whole number of days from 1 to 365 (Memorystore's limits), got ${backupRetentionDays}`);
  }
  return { replicas, shards, zone, backupRetentionDays };
}

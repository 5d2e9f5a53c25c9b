import { ElasticacheParameterGroup } from '@cdktf/provider-aws/lib/elasticache-parameter-group';
import { ElasticacheReplicationGroup } from '@cdktf/provider-aws/lib/elasticache-replication-group';
import { ElasticacheSubnetGroup } from '@cdktf/provider-aws/lib/elasticache-subnet-group';
import { ElasticacheUser } from '@cdktf/provider-aws/lib/elasticache-user';
import { ElasticacheUserGroup } from '@cdktf/provider-aws/lib/elasticache-user-group';
import { ElasticacheUserGroupAssociation } from '@cdktf/provider-aws/lib/elasticache-user-group-association';
import type { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { Construct } from 'constructs';
import type { Grantee, OnlineCache } from '../kit';
import type { AwsEncryptionKey } from './encryption-key';
import { grantToRole, policyNamePart } from './grants';
import { encryptedLogGroup } from './log-group';
import { vpcClientsSecurityGroup } from './vpc-clients-security-group';
import type { VpcNetwork } from './vpc-network';

const REDIS_PORT = 6379;
// Valkey, not Redis OSS: same protocol (Feast's `redis` online store and redis-py work unchanged),
// IAM authentication since 7.2, and ElastiCache prices its node hours about 20% below Redis OSS.
const ENGINE = 'valkey';
/** Replication group and user ids: a letter, then lower-case letters, digits and single hyphens. */
const ID_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const USER_MAX_LENGTH = 20;
/** ElastiCache refuses replication group ids longer than this. */
const GROUP_ID_LIMIT = 40;

export interface RedisCacheProps {
  /** Replication group id, also the prefix of its users' ids (both are unique per account and region). At most 40 characters. */
  readonly name: string;
  readonly network: VpcNetwork;
  /** Encrypts data at rest, snapshots and the slow log. */
  readonly key: AwsEncryptionKey;
  /** @default "cache.t4g.small" */
  readonly nodeType?: string;
  /** Valkey major.minor, pinned: upgrades are a reviewed change. @default "8.0" */
  readonly engineVersion?: string;
  /** A replica in another zone, Multi-AZ, with automatic failover. @default false */
  readonly highlyAvailable?: boolean;
  /** Days of daily snapshots kept, 1 to 35. @default 7 */
  readonly snapshotRetentionDays?: number;
  /** Take a final snapshot when the cache is deleted. @default true */
  readonly deletionProtection?: boolean;
  /** @default 90 */
  readonly logRetentionDays?: number;
}

/**
 * A Valkey (Redis protocol) replication group for online features. Private subnets only, reachable on
 * 6379 from inside the VPC only; encrypted at rest with the platform key and in transit (TLS
 * required). Clients authenticate with IAM (ElastiCache RBAC, 15-minute SigV4 tokens): no password or
 * AUTH token exists, so none can reach Terraform state, and the default user is switched off.
 */
export class RedisCache extends Construct implements OnlineCache {
  readonly replicationGroup: ElasticacheReplicationGroup;
  readonly securityGroup: SecurityGroup;
  readonly host: string;
  readonly port = REDIS_PORT;
  readonly tls = true;
  readonly cacheName: string;
  /** IAM users: the AUTH password is a SigV4-presigned `connect` request (elasticache_iam.py in the feature store). */
  readonly authentication = 'aws-iam' as const;
  /** Cluster mode disabled: one primary (and its replica), which Feast reaches as `redis_type: redis`. */
  readonly clusterMode = false;
  private readonly userGroup: ElasticacheUserGroup;

  constructor(scope: Construct, id: string, props: RedisCacheProps) {
    super(scope, id);
    if (props.name.length > GROUP_ID_LIMIT || !ID_PATTERN.test(props.name)) {
      throw new Error(
        `RedisCache ${this.node.path}: name "${props.name}" must be at most ${GROUP_ID_LIMIT} lower-case letters, digits and single hyphens, starting with a letter`,
      );
    }
    const snapshotRetentionDays = props.snapshotRetentionDays ?? 7;
    if (!Number.isInteger(snapshotRetentionDays) || snapshotRetentionDays < 1 || snapshotRetentionDays > 35) {
      throw new Error(`RedisCache ${this.node.path}: snapshotRetentionDays must be a whole number of days from 1 to 35 (ElastiCache's limit), got ${snapshotRetentionDays}`);
    }
    const engineVersion = props.engineVersion ?? '8.0';
    const highlyAvailable = props.highlyAvailable ?? false;
    const deletionProtection = props.deletionProtection ?? true;
    this.cacheName = props.name;

    const subnets = new ElasticacheSubnetGroup(this, 'SubnetGroup', {
      name: props.name,
      description: `Private subnets of ${props.name}`,
      subnetIds: props.network.privateSubnets.map((subnet) => subnet.id),
    });
    this.securityGroup = vpcClientsSecurityGroup(this, { name: `${props.name}-cache`, service: 'Valkey (TLS)', owner: props.name, network: props.network, port: REDIS_PORT });
    const majorVersion = engineVersion.split('.')[0];
    const parameters = new ElasticacheParameterGroup(this, 'Parameters', {
      name: `${props.name}-${ENGINE}${majorVersion}`,
      family: `${ENGINE}${majorVersion}`,
      description: `Online features of ${props.name}`,
      // A full cache refuses writes (materialization fails loudly) instead of silently evicting
      // features that online reads then miss.
      parameter: [{ name: 'maxmemory-policy', value: 'noeviction' }],
    });

    // The default user must exist in a user group; it is switched off ("off") with no commands.
    const defaultUser = new ElasticacheUser(this, 'DefaultUser', {
      userId: `${props.name}-default`,
      userName: 'default',
      engine: ENGINE,
      accessString: 'off -@all',
      authenticationMode: { type: 'no-password-required' },
    });
    this.userGroup = new ElasticacheUserGroup(this, 'UserGroup', {
      userGroupId: props.name,
      engine: ENGINE,
      userIds: [defaultUser.userId],
      lifecycle: { ignoreChanges: ['user_ids'] },
    });
    const slowLog = encryptedLogGroup(this, 'SlowLog', {
      name: `/aws/elasticache/${props.name}/slow-log`,
      key: props.key,
      retentionDays: props.logRetentionDays,
    });

    this.replicationGroup = new ElasticacheReplicationGroup(this, 'Resource', {
      replicationGroupId: props.name,
      description: `Online features of ${props.name}`,
      engine: ENGINE,
      engineVersion,
      nodeType: props.nodeType ?? 'cache.t4g.small',
      port: REDIS_PORT,
      parameterGroupName: parameters.name,
      subnetGroupName: subnets.name,
      securityGroupIds: [this.securityGroup.id],
      numCacheClusters: highlyAvailable ? 2 : 1,
      automaticFailoverEnabled: highlyAvailable,
      multiAzEnabled: highlyAvailable,
      atRestEncryptionEnabled: 'true',
      kmsKeyId: props.key.arn,
      transitEncryptionEnabled: true,
      transitEncryptionMode: 'required',
      userGroupIds: [this.userGroup.userGroupId],
      snapshotRetentionLimit: snapshotRetentionDays,
      finalSnapshotIdentifier: deletionProtection ? `${props.name}-final` : undefined,
      autoMinorVersionUpgrade: 'true',
      // Protected environments take changes (a resize, a failover setting) in the maintenance window.
      applyImmediately: !deletionProtection,
      logDeliveryConfiguration: [{ destination: slowLog.name, destinationType: 'cloudwatch-logs', logFormat: 'json', logType: 'slow-log' }],
    });
    this.host = this.replicationGroup.primaryEndpointAddress;
  }

  /**
   * Lets `grantee` connect as `user` with IAM authentication. Creates the ElastiCache user (IAM
   * authentication; every key, every command but the dangerous ones such as FLUSHALL and KEYS) and
   * adds it to the cache's user group on first use.
   * @returns the user name the workload signs its token for and sends with AUTH: `<name>-<user>`
   */
  grantConnect(grantee: Grantee, user: string): string {
    if (user.length > USER_MAX_LENGTH || !ID_PATTERN.test(user)) {
      throw new Error(
        `RedisCache ${this.node.path}: user "${user}" must be at most ${USER_MAX_LENGTH} lower-case letters, digits and single hyphens, starting with a letter (such as "feast")`,
      );
    }
    const userName = `${this.cacheName}-${user}`;
    const id = `User-${user}`;
    const cacheUser = (this.node.tryFindChild(id) as ElasticacheUser | undefined) ?? this.addIamUser(id, user, userName);
    grantToRole(this, grantee, `${policyNamePart(this.node.id)}-connect-as-${user}`, [
      { Effect: 'Allow', Action: 'elasticache:Connect', Resource: [this.replicationGroup.arn, cacheUser.arn] },
    ]);
    return userName;
  }

  private addIamUser(id: string, user: string, userName: string): ElasticacheUser {
    // IAM authentication requires the user id to equal the user name.
    const cacheUser = new ElasticacheUser(this, id, {
      userId: userName,
      userName,
      engine: ENGINE,
      accessString: 'on ~* +@all -@dangerous',
      authenticationMode: { type: 'iam' },
    });
    new ElasticacheUserGroupAssociation(this, `UserGroupMember-${user}`, { userGroupId: this.userGroup.userGroupId, userId: cacheUser.userId });
    return cacheUser;
  }
}

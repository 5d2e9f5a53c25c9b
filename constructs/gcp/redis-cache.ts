import { ProjectIamCustomRole } from '@cdktf/provider-google/lib/project-iam-custom-role';
import { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member';
import { RedisInstance } from '@cdktf/provider-google/lib/redis-instance';
import { Construct } from 'constructs';
import type { Grantee, OnlineCache } from '../kit';
import type { GcpEncryptionKey } from './encryption-key';
import { idPart, memberOf } from './grants';
import type { ProjectServices } from './project-services';
import type { GcpNetwork } from './vpc-network';

export interface MemorystoreCacheProps {
  readonly project: string;
  readonly region: string;
  /** Instance id: a lower-case letter, then at most 39 lower-case letters, digits and hyphens. */
  readonly name: string;
  readonly network: GcpNetwork;
  readonly key: GcpEncryptionKey;
  readonly services: ProjectServices;
  /** The cache's size class as the config names it: for Memorystore for Redis, its memory in whole GB, "1" to "300". */
  readonly tier: string;
  /** `STANDARD_HA` (a replica in another zone with automatic failover) instead of `BASIC`. */
  readonly highlyAvailable: boolean;
  /** Labels beyond the provider's default_labels, which already label the instance; unused until it needs more. */
  readonly labels: Readonly<Record<string, string>>;
  /** Redis version, pinned: upgrades are a reviewed change. @default "REDIS_7_2" (the newest Memorystore for Redis offers) */
  readonly redisVersion?: string;
}

/** Memorystore for Redis serves TLS on 6378 once in-transit encryption is on (6379 stays plain-text only). */
const TLS_PORT = 6378;
const INSTANCE_ID = /^[a-z]([a-z0-9-]{0,38}[a-z0-9])?$/;
/** Memory of one instance, BASIC and STANDARD_HA alike. */
const MAX_MEMORY_GB = 300;
/** What grantConnect's `user` may be, as on AWS, so that the same config works on both clouds. */
const USER = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const USER_MAX_LENGTH = 20;

/**
 * Memorystore for Redis for online features: a private address from the VPC's private services access range only,
 * AUTH required, TLS required (server authentication, port 6378), encrypted at rest with the environment's key,
 * `STANDARD_HA` (a replica in another zone, automatic failover) when highly available, daily RDB snapshots, and
 * maintenance on Sunday nights.
 *
 * Authentication is the gap with AWS. Memorystore for Redis has no IAM authentication (Memorystore for Redis Cluster
 * and for Valkey do): clients send the instance's one AUTH string, which Google generates, so there are no per-user
 * identities and every grantee logs in as Redis's `default` user. The AUTH string is never set by Plinth, but the
 * provider reads it into Terraform state (`auth_string`, marked sensitive) because auth is on: keep the state bucket
 * as private as the cache. A workload reads the string at run time through the Memorystore API
 * (`redis.instances.getAuthString`); that permission is only in `roles/redis.admin` among the predefined roles, so
 * grantConnect grants a custom role holding that one permission. Memorystore accepts no IAM conditions on resource
 * names, so the grant covers every Redis instance of the project, not this one only.
 */
export class MemorystoreCache extends Construct implements OnlineCache {
  readonly instance: RedisInstance;
  readonly host: string;
  readonly port = TLS_PORT;
  readonly tls = true as const;
  readonly cacheName: string;
  /** The CA certificate (PEM) clients verify the server's certificate with; public, not a secret. */
  readonly serverCaCertificate: string;
  private authStringReader?: ProjectIamCustomRole;

  constructor(scope: Construct, id: string, readonly props: MemorystoreCacheProps) {
    super(scope, id);
    const where = `MemorystoreCache ${this.node.path}`;
    if (!INSTANCE_ID.test(props.name)) {
      throw new Error(`${where}: name "${props.name}" must be at most 40 lower-case letters, digits and hyphens, starting with a letter and not ending with a hyphen`);
    }
    const memorySizeGb = Number(props.tier);
    if (!/^[1-9][0-9]*$/.test(props.tier) || memorySizeGb > MAX_MEMORY_GB) {
      throw new Error(
        `${where}: tier "${props.tier}" must be the cache's memory in whole GB, from "1" to "${MAX_MEMORY_GB}" (Memorystore for Redis sizes an instance by memory; ` +
          'node types such as redis-standard-small belong to Memorystore for Redis Cluster)',
      );
    }
    this.cacheName = props.name;
    this.instance = new RedisInstance(this, 'Resource', {
      project: props.project,
      region: props.region,
      name: props.name,
      displayName: `Online features of ${props.name}`,
      tier: props.highlyAvailable ? 'STANDARD_HA' : 'BASIC',
      memorySizeGb,
      redisVersion: props.redisVersion ?? 'REDIS_7_2',
      authEnabled: true,
      transitEncryptionMode: 'SERVER_AUTHENTICATION',
      customerManagedKey: props.key.keyId,
      connectMode: 'PRIVATE_SERVICE_ACCESS',
      authorizedNetwork: props.network.networkId,
      reservedIpRange: props.network.privateServicesRangeName,
      // A full cache refuses writes (materialization fails loudly) instead of silently evicting features online reads then miss.
      redisConfigs: { 'maxmemory-policy': 'noeviction' },
      persistenceConfig: { persistenceMode: 'RDB', rdbSnapshotPeriod: 'TWENTY_FOUR_HOURS' },
      maintenancePolicy: { weeklyMaintenanceWindow: [{ day: 'SUNDAY', startTime: { hours: 3, minutes: 0, seconds: 0, nanos: 0 } }] },
      dependsOn: [props.services.enable('redis.googleapis.com'), props.key.grantServiceAgent('redis'), props.network.privateServicesAccess],
    });
    this.host = this.instance.host;
    this.serverCaCertificate = this.instance.serverCaCerts.get(0).cert;
  }

  /**
   * Lets `grantee` read the instance's AUTH string, to connect with it over TLS: a custom role holding only
   * `redis.instances.getAuthString`, granted on the project.
   * @param user - lower-case letters, digits and single hyphens (`feast`), checked as on AWS; Memorystore for Redis
   *   has one password and no users, so it names nothing here
   * @returns `default`: the Redis user every AUTH-string client is
   */
  grantConnect(grantee: Grantee, user: string): string {
    if (user.length > USER_MAX_LENGTH || !USER.test(user)) {
      throw new Error(`MemorystoreCache ${this.node.path}: user "${user}" must be at most ${USER_MAX_LENGTH} lower-case letters, digits and single hyphens, starting with a letter (such as "feast")`);
    }
    const id = `ReadAuthString-${idPart(grantee.description)}`;
    if (!this.node.tryFindChild(id)) {
      new ProjectIamMember(this, id, { project: this.props.project, role: this.authStringRole().name, member: memberOf(this, grantee) });
    }
    return 'default';
  }

  /** The custom role with `redis.instances.getAuthString` alone, made on the first grant. */
  private authStringRole(): ProjectIamCustomRole {
    this.authStringReader ??= new ProjectIamCustomRole(this, 'AuthStringReader', {
      project: this.props.project,
      // Role ids allow letters, digits, _ and . only; one per cache, so that environments sharing a project do not collide.
      roleId: `${this.props.name.replace(/-/g, '_')}_auth_string_reader`,
      title: `Read the AUTH string of ${this.props.name}`,
      description: 'redis.instances.getAuthString only: what a client of a Memorystore for Redis instance with AUTH needs to connect',
      permissions: ['redis.instances.getAuthString'],
    });
    return this.authStringReader;
  }
}

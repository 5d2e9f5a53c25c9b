import type { WorkloadIdentity } from '../../kit';
import { DNS_LABEL } from '../labels';

/** What QdrantCluster checks before building anything. */
export interface QdrantSizes {
  readonly name: string;
  readonly replicas: number;
  readonly replicationFactor: number;
  readonly volumeGb: number;
  readonly clientNamespaces?: readonly string[];
  readonly namespace: string;
  readonly identity?: WorkloadIdentity;
  /** Snapshots go to the bucket through its S3 API, with `identity`'s credentials. */
  readonly snapshotsToBucket: boolean;
}

/**
 * Every problem at once, each saying what is valid. Replicas are 1 or odd: Raft commits with a
 * majority of the peers, so 2 peers survive no failure and 4 survive no more than 3 do.
 */
export function checkQdrantProps(sizes: QdrantSizes, where: string): void {
  const problems: string[] = [];
  const { name, replicas, replicationFactor, volumeGb } = sizes;
  // The chart appends "-headless" to the name for its peer-discovery Service.
  if (!DNS_LABEL.test(name) || name.length > 54) problems.push(`name "${name}" must be a DNS label of at most 54 characters`);
  if (!Number.isInteger(replicas) || replicas < 1) problems.push(`replicas must be a whole number of at least 1, got ${replicas}`);
  else if (replicas > 1 && replicas % 2 === 0) {
    problems.push(`replicas must be 1 or odd (3, 5, …): Qdrant's consensus needs a majority of its peers, so ${replicas} peers survive no more failures than ${replicas - 1}; got ${replicas}`);
  }
  if (!Number.isInteger(replicationFactor) || replicationFactor < 1 || (Number.isInteger(replicas) && replicationFactor > replicas)) {
    problems.push(`replicationFactor must be a whole number from 1 to replicas (${replicas}), got ${replicationFactor}`);
  } else if (replicas > 1 && replicationFactor < 2) {
    problems.push(`replicationFactor must be at least 2 with ${replicas} replicas: with 1 copy, a failed node takes its shards offline`);
  }
  if (!Number.isInteger(volumeGb) || volumeGb < 1) problems.push(`volumeGb must be a whole number of GiB of at least 1, got ${volumeGb}`);
  for (const client of sizes.clientNamespaces ?? []) if (!DNS_LABEL.test(client)) problems.push(`clientNamespaces: "${client}" is not a namespace name`);
  if (sizes.clientNamespaces?.length === 0) problems.push('clientNamespaces must name at least one namespace (omit it to let Qdrant\'s own namespace in)');
  const { identity } = sizes;
  if (!identity && sizes.snapshotsToBucket) {
    problems.push(`identity is required: snapshots go to the artifact bucket's S3 API with it; request it with cluster.addWorkloadIdentity("${sizes.namespace}", "${name}") and grant it artifacts.grantReadWrite(identity, QDRANT_SNAPSHOT_PREFIX)`);
  }
  // The chart names its ServiceAccount after the release: the identity must be bound to that account.
  if (identity && (identity.namespace !== sizes.namespace || identity.serviceAccountName !== name)) {
    problems.push(`identity ${identity.description} is for ${identity.namespace}/${identity.serviceAccountName}, but Qdrant runs as ${sizes.namespace}/${name}; request it with cluster.addWorkloadIdentity("${sizes.namespace}", "${name}")`);
  }
  if (problems.length > 0) throw new Error(`${where}:\n  ${problems.join('\n  ')}`);
}

import type { ResourceGraph } from '../../../engine/graph';
import type { Resource } from '../../../engine/model';
import { fail, pass, unknown, type Verdict } from '../../../engine/rule';
import { attr, blocks, describe, isTrue, isUnresolved } from '../../../engine/values';

/**
 * Since AWS provider v4 a bucket's settings are separate resources (`aws_s3_bucket_versioning`,
 * `..._server_side_encryption_configuration`, `..._public_access_block`, ...) whose `bucket` argument
 * points at the bucket. These helpers find them; the inline (v3) blocks still count.
 */
export function bucketSettings(bucket: Resource, graph: ResourceGraph, type: string): Resource[] {
  return graph.referrers(bucket, { type, via: 'bucket' });
}

/** Versioning enabled inline (`versioning.enabled`) or by an `aws_s3_bucket_versioning`. */
export function versioningVerdict(bucket: Resource, graph: ResourceGraph): Verdict {
  if (isTrue(attr(bucket.values, 'versioning.enabled'))) return pass;
  const settings = bucketSettings(bucket, graph, 'aws_s3_bucket_versioning');
  if (settings.length === 0) return fail('aws_s3_bucket_versioning', 'does not exist for this bucket; add one with versioning_configuration.status = "Enabled"');
  const statuses = settings.map((setting) => attr(setting.values, 'versioning_configuration.status'));
  if (statuses.includes('Enabled')) return pass;
  if (statuses.some(isUnresolved)) return unknown('versioning_configuration.status', 'is only known after apply');
  return fail(`${settings[0]!.address}.versioning_configuration.status`, `is ${describe(statuses[0])}; set it to "Enabled"`);
}

/** The default encryption algorithms of a bucket: inline ones and those of its encryption resources. */
export function encryptionAlgorithms(bucket: Resource, graph: ResourceGraph): { inline: unknown[]; separate: unknown[]; separateCount: number } {
  const inline = blocks(bucket.values, 'server_side_encryption_configuration.rule.apply_server_side_encryption_by_default').map((block) => block.sse_algorithm);
  const settings = bucketSettings(bucket, graph, 'aws_s3_bucket_server_side_encryption_configuration');
  const separate = settings.flatMap((setting) => blocks(setting.values, 'rule.apply_server_side_encryption_by_default').map((block) => block.sse_algorithm));
  return { inline, separate, separateCount: settings.length };
}

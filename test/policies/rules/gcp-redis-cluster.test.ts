import { redisAuth } from '../../../policies/rules/gcp/redis-auth';
import { redisTransitEncryption } from '../../../policies/rules/gcp/redis-transit-encryption';
import { moduleFromHcl, verdict } from '../helpers';

/** PLN-GCP-021/022 on google_redis_cluster, which Checkov's CKV_GCP_95/97 do not cover (their fixtures hold instances only). */
describe('Memorystore for Redis Cluster rules', () => {
  const graph = moduleFromHcl(`
resource "google_redis_cluster" "secure" {
  name                    = "secure"
  shard_count             = 1
  authorization_mode      = "AUTH_MODE_IAM_AUTH"
  transit_encryption_mode = "TRANSIT_ENCRYPTION_MODE_SERVER_AUTHENTICATION"
}
resource "google_redis_cluster" "defaults" {
  name        = "defaults"
  shard_count = 1
}
resource "google_redis_cluster" "disabled" {
  name                    = "disabled"
  shard_count             = 1
  authorization_mode      = "AUTH_MODE_DISABLED"
  transit_encryption_mode = "TRANSIT_ENCRYPTION_MODE_DISABLED"
}
resource "google_redis_cluster" "instance_spelling" {
  name                    = "instance-spelling"
  shard_count             = 1
  transit_encryption_mode = "SERVER_AUTHENTICATION"
}
resource "google_redis_cluster" "computed" {
  name               = "computed"
  shard_count        = 1
  authorization_mode = var.mode
}
variable "mode" {
  type = string
}
resource "google_redis_instance" "auth" {
  name                    = "auth"
  memory_size_gb          = 1
  auth_enabled            = true
  transit_encryption_mode = "SERVER_AUTHENTICATION"
}
resource "google_redis_instance" "cluster_spelling" {
  name                    = "cluster-spelling"
  memory_size_gb          = 1
  transit_encryption_mode = "TRANSIT_ENCRYPTION_MODE_SERVER_AUTHENTICATION"
}
`);

  test('PLN-GCP-021 asks a cluster for IAM authentication: unset (the provider default is disabled) and disabled fail', async () => {
    const module = await graph;
    expect(verdict(redisAuth, module, 'google_redis_cluster.secure')).toEqual({ status: 'pass' });
    expect(verdict(redisAuth, module, 'google_redis_cluster.defaults')).toEqual({ status: 'fail', message: 'authorization_mode is not set; set it to "AUTH_MODE_IAM_AUTH"' });
    expect(verdict(redisAuth, module, 'google_redis_cluster.disabled')).toEqual({ status: 'fail', message: 'authorization_mode is "AUTH_MODE_DISABLED"; set it to "AUTH_MODE_IAM_AUTH"' });
    expect(verdict(redisAuth, module, 'google_redis_cluster.computed').status).toBe('unknown');
  });

  test('PLN-GCP-021 still asks an instance for auth_enabled, not authorization_mode', async () => {
    const module = await graph;
    expect(verdict(redisAuth, module, 'google_redis_instance.auth')).toEqual({ status: 'pass' });
    expect(verdict(redisAuth, module, 'google_redis_instance.cluster_spelling')).toEqual({ status: 'fail', message: 'auth_enabled is not set; set it to true' });
  });

  test('PLN-GCP-022 asks each type for TLS in its own spelling', async () => {
    const module = await graph;
    expect(verdict(redisTransitEncryption, module, 'google_redis_cluster.secure')).toEqual({ status: 'pass' });
    expect(verdict(redisTransitEncryption, module, 'google_redis_cluster.defaults')).toEqual({
      status: 'fail',
      message: 'transit_encryption_mode is not set; set it to "TRANSIT_ENCRYPTION_MODE_SERVER_AUTHENTICATION"',
    });
    expect(verdict(redisTransitEncryption, module, 'google_redis_cluster.disabled').status).toBe('fail');
    // The instance's value means nothing to a cluster, and the other way round.
    expect(verdict(redisTransitEncryption, module, 'google_redis_cluster.instance_spelling').status).toBe('fail');
    expect(verdict(redisTransitEncryption, module, 'google_redis_instance.auth')).toEqual({ status: 'pass' });
    expect(verdict(redisTransitEncryption, module, 'google_redis_instance.cluster_spelling')).toEqual({
      status: 'fail',
      message: 'transit_encryption_mode is "TRANSIT_ENCRYPTION_MODE_SERVER_AUTHENTICATION"; set it to "SERVER_AUTHENTICATION"',
    });
  });
});

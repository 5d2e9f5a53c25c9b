import type { Pack } from '../../engine/rule';
import { artifactRegistryCustomerKey } from './artifact-registry-customer-key';
import { artifactRegistryImmutableTags } from './artifact-registry-immutable-tags';
import { artifactRegistryNotPublic } from './artifact-registry-not-public';
import { gkeBinaryAuthorization } from './gke-binary-authorization';
import { gkeClientCertificate } from './gke-client-certificate';
import { gkeCosImage } from './gke-cos-image';
import { gkeLegacyAbac } from './gke-legacy-abac';
import { gkeMetadataServer } from './gke-metadata-server';
import { gkeNetworkPolicy } from './gke-network-policy';
import { gkePrivateNodes } from './gke-private-nodes';
import { gkeReleaseChannel } from './gke-release-channel';
import { gkeSecretsEncryption } from './gke-secrets-encryption';
import { gkeSecureBoot } from './gke-secure-boot';
import { gkeShieldedNodes } from './gke-shielded-nodes';
import { kmsKeyNotPublic } from './kms-key-not-public';
import { kmsPreventDestroy } from './kms-prevent-destroy';
import { kmsRotationPeriod } from './kms-rotation-period';
import { redisAuth } from './redis-auth';
import { redisTransitEncryption } from './redis-transit-encryption';
import { sqlLatestMajorVersion } from './sql-latest-major-version';
import { sqlNoPublicIp } from './sql-no-public-ip';
import { sqlPointInTimeRecovery } from './sql-point-in-time-recovery';
import { sqlPostgresIamAuthentication } from './sql-postgres-iam-authentication';
import { sqlPostgresLogConnections } from './sql-postgres-log-connections';
import { sqlPostgresLogStatements } from './sql-postgres-log-statements';
import { sqlRequireTls } from './sql-require-tls';
import { storageCustomerKey } from './storage-customer-key';
import { storagePublicAccessPrevention } from './storage-public-access-prevention';
import { storageUniformAccess } from './storage-uniform-access';
import { storageVersioning } from './storage-versioning';

export const gcpPack: Pack = {
  name: 'gcp',
  description: 'Security of Google Cloud resources: storage, KMS, Cloud SQL, GKE, Artifact Registry, Memorystore.',
  rules: [
    storageUniformAccess,
    storagePublicAccessPrevention,
    storageVersioning,
    kmsRotationPeriod,
    kmsPreventDestroy,
    kmsKeyNotPublic,
    sqlNoPublicIp,
    sqlPostgresLogConnections,
    sqlPostgresLogStatements,
    sqlLatestMajorVersion,
    gkeNetworkPolicy,
    gkePrivateNodes,
    gkeBinaryAuthorization,
    gkeSecureBoot,
    gkeMetadataServer,
    gkeReleaseChannel,
    gkeShieldedNodes,
    gkeCosImage,
    artifactRegistryNotPublic,
    artifactRegistryCustomerKey,
    redisAuth,
    redisTransitEncryption,
    sqlRequireTls,
    sqlPointInTimeRecovery,
    sqlPostgresIamAuthentication,
    storageCustomerKey,
    artifactRegistryImmutableTags,
    gkeLegacyAbac,
    gkeClientCertificate,
    gkeSecretsEncryption,
  ],
};

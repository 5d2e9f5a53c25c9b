import type { Pack } from '../../engine/rule';
import { defaultSecurityGroupClosed } from './default-security-group-closed';
import { ecrImmutableTags } from './ecr-immutable-tags';
import { ecrKmsEncryption } from './ecr-kms-encryption';
import { ecrPolicyNotPublic } from './ecr-policy-not-public';
import { ecrScanOnPush } from './ecr-scan-on-push';
import { eksControlPlaneLogging } from './eks-control-plane-logging';
import { eksPrivateEndpoint } from './eks-private-endpoint';
import { eksPublicEndpointRestricted } from './eks-public-endpoint-restricted';
import { eksSecretsEncryption } from './eks-secrets-encryption';
import { eksSupportedVersion } from './eks-supported-version';
import { elasticacheAutomaticFailover } from './elasticache-automatic-failover';
import { elasticacheCustomerKey } from './elasticache-customer-key';
import { elasticacheSnapshots } from './elasticache-snapshots';
import { elasticacheTransitEncryption } from './elasticache-transit-encryption';
import { iamNoAdminStatements } from './iam-no-admin-statements';
import { iamNoAdministratorAccess } from './iam-no-administrator-access';
import { iamNoUserPolicies } from './iam-no-user-policies';
import { iamTrustNotWholeAccount } from './iam-trust-not-whole-account';
import { kmsKeyEnabled } from './kms-key-enabled';
import { kmsKeyPolicyDefined } from './kms-key-policy-defined';
import { kmsKeyRotation } from './kms-key-rotation';
import { kmsPolicyNoPublicPrincipal } from './kms-policy-no-public-principal';
import { rdsBackupRetention } from './rds-backup-retention';
import { rdsDeletionProtection } from './rds-deletion-protection';
import { rdsEncryptionInTransit } from './rds-encryption-in-transit';
import { rdsIamAuthentication } from './rds-iam-authentication';
import { rdsLogExports } from './rds-log-exports';
import { rdsMinorUpgrades } from './rds-minor-upgrades';
import { rdsModernCa } from './rds-modern-ca';
import { rdsMultiAz } from './rds-multi-az';
import { rdsNotPublic } from './rds-not-public';
import { rdsPerformanceInsights } from './rds-performance-insights';
import { rdsStorageEncrypted } from './rds-storage-encrypted';
import { s3AccessLogging } from './s3-access-logging';
import { s3EncryptionAtRest } from './s3-encryption-at-rest';
import { s3KmsEncryption } from './s3-kms-encryption';
import { s3NoPublicAcl } from './s3-no-public-acl';
import { s3PolicyNoPublicPrincipal } from './s3-policy-no-public-principal';
import { s3PublicAccessBlock } from './s3-public-access-block';
import { s3Versioning } from './s3-versioning';
import { sagemakerModelNetworkIsolation } from './sagemaker-model-network-isolation';
import { securityGroupAllPorts } from './security-group-all-ports';
import { securityGroupAttached } from './security-group-attached';
import { securityGroupDescriptions } from './security-group-descriptions';
import { securityGroupHttp } from './security-group-http';
import { securityGroupRdp } from './security-group-rdp';
import { securityGroupSsh } from './security-group-ssh';
import { vpcFlowLogs } from './vpc-flow-logs';

export const awsPack: Pack = {
  name: 'aws',
  description: 'Security of AWS resources: encryption, public exposure, IAM, logging, backups.',
  rules: [
    s3PublicAccessBlock,
    s3EncryptionAtRest,
    s3KmsEncryption,
    s3AccessLogging,
    s3Versioning,
    s3NoPublicAcl,
    s3PolicyNoPublicPrincipal,
    kmsKeyRotation,
    kmsPolicyNoPublicPrincipal,
    kmsKeyPolicyDefined,
    kmsKeyEnabled,
    rdsStorageEncrypted,
    rdsBackupRetention,
    rdsDeletionProtection,
    rdsMultiAz,
    rdsIamAuthentication,
    rdsLogExports,
    rdsMinorUpgrades,
    rdsPerformanceInsights,
    rdsModernCa,
    rdsEncryptionInTransit,
    rdsNotPublic,
    elasticacheTransitEncryption,
    elasticacheCustomerKey,
    elasticacheAutomaticFailover,
    elasticacheSnapshots,
    securityGroupSsh,
    securityGroupRdp,
    securityGroupHttp,
    securityGroupAllPorts,
    securityGroupDescriptions,
    defaultSecurityGroupClosed,
    securityGroupAttached,
    vpcFlowLogs,
    eksPrivateEndpoint,
    eksPublicEndpointRestricted,
    eksControlPlaneLogging,
    eksSupportedVersion,
    eksSecretsEncryption,
    ecrImmutableTags,
    ecrScanOnPush,
    ecrPolicyNotPublic,
    ecrKmsEncryption,
    iamNoAdminStatements,
    iamNoAdministratorAccess,
    iamNoUserPolicies,
    iamTrustNotWholeAccount,
    sagemakerModelNetworkIsolation,
  ],
};

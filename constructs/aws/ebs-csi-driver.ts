import { EksAddon } from '@cdktf/provider-aws/lib/eks-addon';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { AwsAccount } from './account';
import type { EksCluster } from './eks-cluster';
import type { AwsEncryptionKey } from './encryption-key';
import { grantToRole, policyNamePart } from './grants';
import type { IrsaIdentity } from './workload-identity';

export interface EbsCsiDriverProps {
  readonly cluster: EksCluster;
  /** The environment's key, which encrypted StorageClasses name (`EncryptedStorageClass`). */
  readonly key: AwsEncryptionKey;
  /**
   * Exact add-on version (`v1.64.0-eksbuild.1`, from `aws eks describe-addon-versions --addon-name
   * aws-ebs-csi-driver --kubernetes-version <minor>`).
   * @default - the version EKS makes default for the cluster's Kubernetes version at creation; Terraform keeps it afterwards
   */
  readonly addonVersion?: string;
  /** What must exist first: the node pools its controller runs on (the add-on is ACTIVE only once its pods are). @default - none */
  readonly dependsOn?: ITerraformDependable[];
}

/** The driver's provisioner name, which StorageClasses of EBS volumes name. */
export const EBS_CSI_PROVISIONER = 'ebs.csi.aws.com';

/** The add-on's controller service account, which its IRSA role is bound to. */
export const EBS_CSI_CONTROLLER = { namespace: 'kube-system', serviceAccountName: 'ebs-csi-controller-sa' } as const;

/**
 * The EBS CSI driver as an EKS add-on, so PersistentVolumeClaims get EBS volumes: its controller runs
 * as its own IRSA identity with AWS's `AmazonEBSCSIDriverPolicyV2` (volumes and snapshots tagged as the
 * driver's only) and, on the environment's key, what encrypted volumes need: data keys without
 * plaintext, decrypt, and grants for EC2 to use the key for the attached volume, only for AWS resources
 * (the driver's install.md, "Encrypted EBS Volumes via KMS", narrowed to this key).
 */
export class EbsCsiDriver extends Construct {
  readonly identity: IrsaIdentity;
  readonly addon: EksAddon;

  constructor(scope: Construct, id: string, props: EbsCsiDriverProps) {
    super(scope, id);
    const { cluster, key } = props;
    this.identity = cluster.addWorkloadIdentity(EBS_CSI_CONTROLLER.namespace, EBS_CSI_CONTROLLER.serviceAccountName);
    const managedPolicy = new IamRolePolicyAttachment(this, 'DriverPolicy', {
      role: this.identity.role.name,
      // V2 lives at the root path, unlike V1 (service-role/): the emulator's copy of AWS's managed policies caught it.
      policyArn: `arn:${AwsAccount.of(this).partition}:iam::aws:policy/AmazonEBSCSIDriverPolicyV2`,
    });
    grantToRole(key, this.identity, `ebs-volumes-${policyNamePart(key.node.id)}`, [
      { Sid: 'EncryptVolumes', Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKeyWithoutPlaintext', 'kms:DescribeKey'], Resource: key.arn },
      {
        Sid: 'LetEc2AttachEncryptedVolumes',
        Effect: 'Allow',
        Action: ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'],
        Resource: key.arn,
        Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
      },
    ]);
    this.addon = new EksAddon(this, 'Resource', {
      // The resource's name, not the prop: the add-on is created after the cluster.
      clusterName: cluster.cluster.name,
      addonName: 'aws-ebs-csi-driver',
      addonVersion: props.addonVersion,
      serviceAccountRoleArn: this.identity.role.arn,
      resolveConflictsOnCreate: 'OVERWRITE',
      // Keep whatever an operator changed in the add-on's configuration on upgrades.
      resolveConflictsOnUpdate: 'PRESERVE',
      dependsOn: [managedPolicy, ...(props.dependsOn ?? [])],
    });
  }
}

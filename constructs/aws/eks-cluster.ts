import { EksCluster as EksClusterResource } from '@cdktf/provider-aws/lib/eks-cluster';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { Construct } from 'constructs';
import { recordSource } from '../../policies/engine/source';
import type { ClusterAccess, KubernetesCluster } from '../kit';
import { AwsAccount } from './account';
import type { AwsEncryptionKey } from './encryption-key';
import { encryptedLogGroup } from './log-group';
import { policyDocument, serviceTrustPolicy } from './policy-document';
import type { VpcNetwork } from './vpc-network';

/** Every control-plane log type EKS can emit: audit trails for who did what in the cluster. */
export const CONTROL_PLANE_LOG_TYPES = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'] as const;

export interface EksClusterProps {
  readonly name: string;
  readonly region: string;
  readonly network: VpcNetwork;
  /** Envelope-encrypts Kubernetes secrets and the control-plane log group. */
  readonly key: AwsEncryptionKey;
  /** @default "1.31" */
  readonly version?: string;
  /**
   * Networks allowed to reach the API endpoint over the internet. Empty keeps the endpoint private:
   * reach it from inside the VPC (a CI runner there, or a VPN). Never 0.0.0.0/0.
   * @default []
   */
  readonly publicAccessCidrs?: readonly string[];
  /** @default 90 */
  readonly logRetentionDays?: number;
}

/**
 * An EKS cluster with a private API endpoint, secrets encrypted with the platform key, every
 * control-plane log type sent to an encrypted log group, and access managed through EKS access
 * entries (the creator is the first admin).
 */
export class EksCluster extends Construct implements KubernetesCluster {
  readonly cluster: EksClusterResource;
  readonly role: IamRole;
  readonly name: string;
  readonly partition: string;
  readonly subnetIds: string[];
  readonly access: ClusterAccess;

  constructor(scope: Construct, id: string, props: EksClusterProps) {
    super(scope, id);
    const publicAccessCidrs = props.publicAccessCidrs ?? [];
    const openCidr = publicAccessCidrs.find((cidr) => cidr.endsWith('/0'));
    if (openCidr) {
      throw new Error(`EksCluster ${this.node.path}: publicAccessCidrs must not contain ${openCidr}; list the networks that need the API`);
    }
    this.name = props.name;
    this.partition = AwsAccount.of(this).partition;
    this.subnetIds = props.network.privateSubnets.map((subnet) => subnet.id);

    this.role = new IamRole(this, 'ClusterRole', {
      name: `${props.name}-cluster`,
      assumeRolePolicy: serviceTrustPolicy('eks.amazonaws.com', { extraActions: ['sts:TagSession'] }),
    });
    const managedPolicy = new IamRolePolicyAttachment(this, 'ClusterPolicy', {
      role: this.role.name,
      policyArn: `arn:${this.partition}:iam::aws:policy/AmazonEKSClusterPolicy`,
    });
    const keyPolicy = new IamRolePolicy(this, 'SecretsEncryptionPolicy', {
      role: this.role.id,
      name: 'encrypt-secrets-with-platform-key',
      policy: policyDocument({
        Effect: 'Allow',
        Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ListGrants', 'kms:DescribeKey'],
        Resource: props.key.arn,
      }),
    });
    const logGroup = encryptedLogGroup(this, 'ControlPlaneLogGroup', {
      name: `/aws/eks/${props.name}/cluster`,
      key: props.key,
      retentionDays: props.logRetentionDays,
    });

    const publicEndpoint = publicAccessCidrs.length > 0;
    this.cluster = new EksClusterResource(this, 'Resource', {
      name: props.name,
      version: props.version ?? '1.31',
      roleArn: this.role.arn,
      vpcConfig: {
        subnetIds: this.subnetIds,
        endpointPrivateAccess: true,
        endpointPublicAccess: publicEndpoint,
        publicAccessCidrs: publicEndpoint ? [...publicAccessCidrs] : undefined,
      },
      encryptionConfig: { resources: ['secrets'], provider: { keyArn: props.key.arn } },
      enabledClusterLogTypes: [...CONTROL_PLANE_LOG_TYPES],
      accessConfig: { authenticationMode: 'API', bootstrapClusterCreatorAdminPermissions: true },
      dependsOn: [managedPolicy, keyPolicy, logGroup],
    });

    this.access = {
      clusterName: this.cluster.name,
      host: this.cluster.endpoint,
      caCertificateBase64: this.cluster.certificateAuthority.get(0).data,
      // The AWS CLI mints a 15-minute token from the deployer's own credentials: nothing long-lived
      // is written to the workloads stack's state.
      exec: {
        apiVersion: 'client.authentication.k8s.io/v1beta1',
        command: 'aws',
        args: ['eks', 'get-token', '--cluster-name', this.cluster.name, '--region', props.region],
      },
    };
    recordSource(this);
  }
}

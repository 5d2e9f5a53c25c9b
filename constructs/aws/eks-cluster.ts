import { EksCluster as EksClusterResource } from '@cdktf/provider-aws/lib/eks-cluster';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { Fn, TerraformLocal } from 'cdktf';
import { Construct } from 'constructs';
import type { ClusterAccess, ContinuousDeliveryRoles, EncryptedVolumeClass, Grantee, KubernetesCluster, ManagedAddon, NodeGroupPriorities, NodePoolSpec } from '../kit';
import { AwsAccount } from './account';
import { spotFirstPriorities } from './autoscaler-priorities';
import { grantClusterAutoscaling } from './cluster-autoscaler-access';
import { EBS_CSI_PROVISIONER, EbsCsiDriver } from './ebs-csi-driver';
import { grantCiClusterAccess } from './eks-ci-access';
import type { AwsEncryptionKey } from './encryption-key';
import { EksNodePool, onDemandFallbackName } from './eks-node-pool';
import { encryptedLogGroup } from './log-group';
import { policyDocument, serviceTrustPolicy } from './policy-document';
import type { VpcNetwork } from './vpc-network';
import { IrsaIdentity, STS_AUDIENCE } from './workload-identity';

/** Every control-plane log type EKS can emit: audit trails for who did what in the cluster. */
export const CONTROL_PLANE_LOG_TYPES = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'] as const;

export interface EksClusterProps {
  readonly name: string;
  readonly region: string;
  readonly network: VpcNetwork;
  /** Envelope-encrypts Kubernetes secrets and the control-plane log group. */
  readonly key: AwsEncryptionKey;
  /** @default "1.35" */
  readonly version?: string;
  /**
   * Networks allowed to reach the API endpoint over the internet. Empty keeps the endpoint private:
   * reach it from inside the VPC (a CI runner there, or a VPN). Never 0.0.0.0/0.
   * @default []
   */
  readonly publicAccessCidrs?: readonly string[];
  /** @default 90 */
  readonly logRetentionDays?: number;
  /** Tags for the instances and volumes of every node pool (provider default tags do not reach them). @default - none */
  readonly nodeTags?: Readonly<Record<string, string>>;
}

/**
 * An EKS cluster with a private API endpoint, secrets encrypted with the platform key, every
 * control-plane log type sent to an encrypted log group, and access managed through EKS access
 * entries (the creator is the first admin). Its OIDC issuer is registered with IAM, so each
 * workload identity is an IAM role only one service account can assume (IRSA). Node pools and
 * identities are requested: `addNodePool`, `addWorkloadIdentity`.
 */
export class EksCluster extends Construct implements KubernetesCluster {
  readonly cluster: EksClusterResource;
  readonly role: IamRole;
  readonly name: string;
  readonly partition: string;
  readonly subnetIds: string[];
  readonly access: ClusterAccess;
  readonly region: string;
  /** The AWS SDKs in pods (S3, STS for IRSA, Secrets Manager) need the region; boto3 reads AWS_DEFAULT_REGION. */
  readonly podEnvironment: Readonly<Record<string, string>>;
  /** None: IRSA projects the pod's token into it, and STS is reached over HTTPS with the cloud APIs. */
  readonly identityEndpoints: readonly { readonly cidr: string; readonly port: number }[] = [];
  /** EKS runs none of metrics-server, the cluster autoscaler or NVIDIA's device plugin: the workloads install them. */
  readonly managedAddons: readonly ManagedAddon[] = [];
  /** IAM's record of the cluster's OIDC issuer: the principal every workload identity trusts. */
  readonly oidcProvider: IamOpenidConnectProvider;
  private readonly issuerHost: string;
  private readonly nodeTags: Readonly<Record<string, string>>;
  /** Encrypts secrets, control-plane logs and (with enableEncryptedVolumes) persistent volumes. */
  private readonly key: AwsEncryptionKey;
  private readonly nodePools: EksNodePool[] = [];

  constructor(scope: Construct, id: string, props: EksClusterProps) {
    super(scope, id);
    const publicAccessCidrs = props.publicAccessCidrs ?? [];
    const openCidr = publicAccessCidrs.find((cidr) => cidr.endsWith('/0'));
    if (openCidr) {
      throw new Error(`EksCluster ${this.node.path}: publicAccessCidrs must not contain ${openCidr}; list the networks that need the API`);
    }
    this.name = props.name;
    this.key = props.key;
    this.region = props.region;
    this.podEnvironment = { AWS_REGION: props.region, AWS_DEFAULT_REGION: props.region };
    this.nodeTags = props.nodeTags ?? {};
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
      version: props.version ?? '1.35',
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

    const issuer = this.cluster.identity.get(0).oidc.get(0).issuer;
    // A local, so that policies name it as `${local...}`: an expression with quoted arguments inside
    // a policy string would not be JSON until Terraform evaluates it, and policy checks read it before.
    this.issuerHost = new TerraformLocal(this, 'OidcIssuerHost', Fn.replace(issuer, 'https://', '')).asString;
    // No thumbprint: IAM trusts EKS issuers through its own store of root CAs, and the AWS provider
    // 5.x makes thumbprint_list optional for that reason.
    this.oidcProvider = new IamOpenidConnectProvider(this, 'OidcProvider', { url: issuer, clientIdList: [STS_AUDIENCE] });

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
  }

  /**
   * Adds a managed node group labelled `plinth.dev/pool: <name>` (and, for a spot pool with
   * `spotFallbackToOnDemand`, its on-demand twin `<name>-on-demand`); grant it registry pulls.
   */
  addNodePool(name: string, spec: NodePoolSpec): EksNodePool {
    if (this.node.tryFindChild(`NodePool-${name}`)) throw new Error(`EksCluster ${this.node.path}: node pool "${name}" was already added`);
    const taken = new Set(this.nodePools.flatMap((pool) => nodeGroupNames(pool.name, pool.onDemandFallback !== undefined)));
    const clash = nodeGroupNames(name, spec.spotFallbackToOnDemand === true).find((wanted) => taken.has(wanted));
    if (clash) throw new Error(`EksCluster ${this.node.path}: node pool "${name}" needs node group name "${clash}", which another pool's spot fallback or name already uses; rename one pool`);
    const pool = new EksNodePool(this, `NodePool-${name}`, { ...spec, cluster: this, name, instanceTags: this.nodeTags });
    this.nodePools.push(pool);
    return pool;
  }

  /** Spot groups with an on-demand fallback come first (autoscaler-priorities.ts); undefined without any. */
  nodeGroupPriorities(): NodeGroupPriorities | undefined {
    return spotFirstPriorities(this.nodePools.filter((pool) => pool.onDemandFallback).map((pool) => pool.name));
  }

  /** The EBS CSI driver add-on with its own identity, using the cluster's key for volumes (ebs-csi-driver.ts). */
  enableEncryptedVolumes(): void {
    if (this.node.tryFindChild('EbsCsiDriver')) return;
    new EbsCsiDriver(this, 'EbsCsiDriver', { cluster: this, key: this.key, dependsOn: this.nodePools.map((pool) => pool.nodeGroup) });
  }

  /** gp3 EBS volumes encrypted with the cluster's key (the driver wants the key's ARN: an alias fails only at the first volume). */
  encryptedVolumeClass(): EncryptedVolumeClass {
    if (!this.node.tryFindChild('EbsCsiDriver')) throw new Error(`EksCluster ${this.node.path}: encryptedVolumeClass() needs enableEncryptedVolumes() first (the foundation turns it on with the vector database)`);
    return { provisioner: EBS_CSI_PROVISIONER, parameters: { type: 'gp3', encrypted: 'true', kmsKeyId: this.key.keyId } };
  }

  /** An IAM role that only pods running as `namespace/serviceAccountName` can assume, with no permissions until granted. */
  addWorkloadIdentity(namespace: string, serviceAccountName: string): IrsaIdentity {
    const id = `Identity-${namespace}-${serviceAccountName}`;
    if (this.node.tryFindChild(id)) throw new Error(`EksCluster ${this.node.path}: a workload identity for ${namespace}/${serviceAccountName} was already added`);
    return new IrsaIdentity(this, id, {
      clusterName: this.name,
      oidcProviderArn: this.oidcProvider.arn,
      issuerHost: this.issuerHost,
      namespace,
      serviceAccountName,
    });
  }

  /** The cluster autoscaler's permissions, narrowed to this cluster's tagged groups (cluster-autoscaler-access.ts). */
  grantNodeAutoscaling(grantee: Grantee): void {
    grantClusterAutoscaling(this, grantee);
  }

  /** Access entries for the CI roles (eks-ci-access.ts). */
  grantContinuousDelivery(roles: ContinuousDeliveryRoles): void {
    grantCiClusterAccess(this, roles);
  }
}

/** The EKS node group names a pool takes: its own, and its on-demand fallback's. */
function nodeGroupNames(poolName: string, withFallback: boolean): string[] {
  return withFallback ? [poolName, onDemandFallbackName(poolName)] : [poolName];
}

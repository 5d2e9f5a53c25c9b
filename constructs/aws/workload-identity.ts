import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import type { Construct } from 'constructs';
import { boundedName } from '../bounded-name';
import { ServiceAccountIdentity } from '../service-account-identity';
import { registerGrantee } from './grants';
import { policyDocument } from './policy-document';

/** The audience EKS projects into service account tokens meant for AWS STS. */
export const STS_AUDIENCE = 'sts.amazonaws.com';

export interface IrsaIdentityProps {
  /** Cluster name, the first part of the role name. */
  readonly clusterName: string;
  /** ARN of the cluster's IAM OIDC provider. */
  readonly oidcProviderArn: string;
  /** The cluster's OIDC issuer without `https://`: the prefix of the condition keys STS checks. */
  readonly issuerHost: string;
  readonly namespace: string;
  readonly serviceAccountName: string;
}

/**
 * IAM roles for service accounts (IRSA): an IAM role that only pods running as one Kubernetes service
 * account of one cluster can assume, with tokens the cluster signs for STS. It has no permissions
 * until a resource grants it some. Chosen over EKS Pod Identity because it needs no agent add-on
 * and the AWS emulator the tests apply to has no Pod Identity API.
 */
export class IrsaIdentity extends ServiceAccountIdentity {
  readonly cloud = 'aws';
  readonly serviceAccountAnnotations: Readonly<Record<string, string>>;
  readonly role: IamRole;

  constructor(scope: Construct, id: string, props: IrsaIdentityProps) {
    super(scope, id, 'IrsaIdentity', props.clusterName, props.namespace, props.serviceAccountName);
    const roleName = iamRoleName(`${props.clusterName}-${props.namespace}-${props.serviceAccountName}`);
    this.role = new IamRole(this, 'Role', {
      name: roleName,
      description: `Pods running as ${props.namespace}/${props.serviceAccountName} in ${props.clusterName}`,
      assumeRolePolicy: policyDocument({
        Effect: 'Allow',
        Principal: { Federated: props.oidcProviderArn },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: {
            [`${props.issuerHost}:sub`]: `system:serviceaccount:${props.namespace}:${props.serviceAccountName}`,
            [`${props.issuerHost}:aud`]: STS_AUDIENCE,
          },
        },
      }),
    });
    registerGrantee(this, this.role);
    this.serviceAccountAnnotations = { 'eks.amazonaws.com/role-arn': this.role.arn };
  }
}

/** IAM's limit on role names. */
const ROLE_NAME_LIMIT = 64;

/** `cluster-namespace-serviceaccount`, shortened with a hash when longer than IAM allows (bounded-name.ts). */
export function iamRoleName(full: string): string {
  return boundedName(full, ROLE_NAME_LIMIT);
}

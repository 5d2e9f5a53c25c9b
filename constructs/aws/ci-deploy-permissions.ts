import type { CiPermissionScope } from './ci-permissions';
import { GITHUB_ISSUER_HOST } from './github-oidc-provider';
import type { PolicyStatement } from './policy-document';

/** The tag every resource of an environment carries (provider default tags): `<platform>-<environment>`. */
const ENVIRONMENT_TAG = 'plinth:environment';

/** AWS managed policies the foundation attaches to its own roles (EKS cluster and nodes, the EBS CSI driver): no other can be attached. */
export const ATTACHABLE_MANAGED_POLICIES = ['AmazonEKSClusterPolicy', 'AmazonEKSWorkerNodePolicy', 'AmazonEKS_CNI_Policy', 'AmazonEBSCSIDriverPolicyV2'] as const;

/** Services the foundation's roles are passed to: EKS (cluster and node roles), VPC flow logs. */
const PASSED_TO_SERVICES = ['eks.amazonaws.com', 'vpc-flow-logs.amazonaws.com'];

/** Service-linked roles AWS creates on an account's first EKS cluster, node group, database or cache. */
const SERVICE_LINKED_ROLES = ['eks.amazonaws.com', 'eks-nodegroup.amazonaws.com', 'autoscaling.amazonaws.com', 'rds.amazonaws.com', 'elasticache.amazonaws.com'];

/** EC2 calls the network (VPC, subnets, routes, NAT, endpoints, security groups, flow logs) and node launch templates make. */
const EC2_WRITES = [
  'ec2:AllocateAddress',
  'ec2:AssociateRouteTable',
  'ec2:AttachInternetGateway',
  'ec2:AuthorizeSecurityGroupEgress',
  'ec2:AuthorizeSecurityGroupIngress',
  'ec2:CreateFlowLogs',
  'ec2:CreateInternetGateway',
  'ec2:CreateLaunchTemplate',
  'ec2:CreateLaunchTemplateVersion',
  'ec2:CreateNatGateway',
  'ec2:CreateRoute',
  'ec2:CreateRouteTable',
  'ec2:CreateSecurityGroup',
  'ec2:CreateSubnet',
  'ec2:CreateTags',
  'ec2:CreateVpc',
  'ec2:CreateVpcEndpoint',
  'ec2:DeleteFlowLogs',
  'ec2:DeleteInternetGateway',
  'ec2:DeleteLaunchTemplate',
  'ec2:DeleteNatGateway',
  'ec2:DeleteRoute',
  'ec2:DeleteRouteTable',
  'ec2:DeleteSecurityGroup',
  'ec2:DeleteSubnet',
  'ec2:DeleteTags',
  'ec2:DeleteVpc',
  'ec2:DeleteVpcEndpoints',
  'ec2:DetachInternetGateway',
  'ec2:DisassociateAddress',
  'ec2:DisassociateRouteTable',
  'ec2:ModifyLaunchTemplate',
  'ec2:ModifySecurityGroupRules',
  'ec2:ModifySubnetAttribute',
  'ec2:ModifyVpcAttribute',
  'ec2:ModifyVpcEndpoint',
  'ec2:ReleaseAddress',
  'ec2:ReplaceRoute',
  'ec2:RevokeSecurityGroupEgress',
  'ec2:RevokeSecurityGroupIngress',
  'ec2:UpdateSecurityGroupRuleDescriptionsEgress',
  'ec2:UpdateSecurityGroupRuleDescriptionsIngress',
];

/**
 * What `cdktf deploy` of one environment's stacks changes, scoped to that environment (and the previews made from
 * it) wherever AWS lets a policy say so:
 * - by name, where the resource's ARN carries it: IAM roles, EKS, RDS, ElastiCache, ECR, log groups, SageMaker,
 *   budgets, S3 buckets (`<platform>-<env>` and `<platform>-<env>-…`);
 * - by the `plinth:environment` tag where the name is a random id (EC2's `vpc-…`, KMS key ids): creation only
 *   with the tag requested (the provider's default tags are sent with the create call), changes only to resources
 *   carrying it.
 * What cannot be scoped, and why: EKS's OIDC providers (their ARN is a random issuer id, known only after the
 * cluster exists), the RDS-managed master secret (`rds!db-…`, named by RDS), service-linked roles (AWS's names;
 * limited to the services Plinth uses), ecr:GetAuthorizationToken and tag:GetResources (account-wide by design). A role that writes IAM
 * roles can give a role it writes more rights: attaching managed policies is limited to the four Plinth uses and
 * passing roles to EKS and flow logs, but inline policies cannot be limited without a permissions boundary on every
 * role; the GitHub environment's reviewers guard that. The CI roles themselves and GitHub's OIDC provider are out
 * of reach (an explicit deny): an administrator applies changes to them.
 */
export function deployStatements(scope: CiPermissionScope, protectedRoleNames: readonly string[]): PolicyStatement[] {
  const { partition, accountId, region } = scope;
  const arn = (service: string, resource: string, where = region) => `arn:${partition}:${service}:${where}:${accountId}:${resource}`;
  const named = (format: (name: string) => string) => scope.environmentPatterns.flatMap((pattern) => [format(pattern), format(`${pattern}-*`)]);
  const tagged = (key: 'aws:ResourceTag' | 'aws:RequestTag') => ({ StringLike: { [`${key}/${ENVIRONMENT_TAG}`]: [...scope.environmentPatterns] } });
  return [
    {
      Sid: 'WriteThePlatformRoles',
      Effect: 'Allow',
      Action: [
        'iam:CreateRole',
        'iam:DeleteRole',
        'iam:DeleteRolePolicy',
        'iam:DetachRolePolicy',
        'iam:PutRolePolicy',
        'iam:TagRole',
        'iam:UntagRole',
        'iam:UpdateAssumeRolePolicy',
        'iam:UpdateRole',
        'iam:UpdateRoleDescription',
      ],
      Resource: named((name) => arn('iam', `role/${name}`, '')),
    },
    {
      Sid: 'AttachOnlyTheManagedPoliciesPlinthUses',
      Effect: 'Allow',
      Action: 'iam:AttachRolePolicy',
      Resource: named((name) => arn('iam', `role/${name}`, '')),
      Condition: { ArnEquals: { 'iam:PolicyARN': ATTACHABLE_MANAGED_POLICIES.map((policy) => `arn:${partition}:iam::aws:policy/${policy}`) } },
    },
    {
      Sid: 'PassThePlatformRolesToEksAndFlowLogs',
      Effect: 'Allow',
      Action: 'iam:PassRole',
      Resource: named((name) => arn('iam', `role/${name}`, '')),
      Condition: { StringEquals: { 'iam:PassedToService': PASSED_TO_SERVICES } },
    },
    {
      Sid: 'RegisterTheClusterIssuers',
      Effect: 'Allow',
      Action: ['iam:CreateOpenIDConnectProvider', 'iam:DeleteOpenIDConnectProvider', 'iam:TagOpenIDConnectProvider', 'iam:UntagOpenIDConnectProvider', 'iam:AddClientIDToOpenIDConnectProvider', 'iam:UpdateOpenIDConnectProviderThumbprint'],
      Resource: arn('iam', `oidc-provider/oidc.eks.${region}.amazonaws.com/id/*`, ''),
    },
    {
      Sid: 'CreateServiceLinkedRoles',
      Effect: 'Allow',
      Action: 'iam:CreateServiceLinkedRole',
      Resource: arn('iam', 'role/aws-service-role/*', ''),
      Condition: { StringEquals: { 'iam:AWSServiceName': SERVICE_LINKED_ROLES } },
    },
    {
      Sid: 'NeverChangeTheCiRolesOrGitHubsProvider',
      Effect: 'Deny',
      Action: ['iam:Attach*', 'iam:Create*', 'iam:Delete*', 'iam:Detach*', 'iam:Put*', 'iam:Tag*', 'iam:Untag*', 'iam:Update*', 'iam:Add*', 'iam:Remove*'],
      Resource: [...protectedRoleNames.map((name) => arn('iam', `role/${name}`, '')), arn('iam', `oidc-provider/${GITHUB_ISSUER_HOST}`, '')],
    },
    {
      Sid: 'ManageTheCluster',
      Effect: 'Allow',
      Action: ['eks:Create*', 'eks:Delete*', 'eks:Update*', 'eks:TagResource', 'eks:UntagResource', 'eks:AssociateAccessPolicy', 'eks:DisassociateAccessPolicy'],
      Resource: scope.environmentPatterns.flatMap((pattern) => [
        arn('eks', `cluster/${pattern}`),
        arn('eks', `nodegroup/${pattern}/*`),
        arn('eks', `addon/${pattern}/*`),
        arn('eks', `access-entry/${pattern}/*`),
      ]),
    },
    {
      Sid: 'ManageTheDatabase',
      Effect: 'Allow',
      Action: ['rds:Create*', 'rds:Delete*', 'rds:Modify*', 'rds:AddTagsToResource', 'rds:RemoveTagsFromResource', 'rds:RebootDBInstance'],
      Resource: ['db', 'subgrp', 'pg', 'snapshot'].flatMap((kind) => named((name) => arn('rds', `${kind}:${name}`))),
    },
    {
      Sid: 'LetRdsKeepTheMasterPasswordInSecretsManager',
      Effect: 'Allow',
      Action: ['secretsmanager:CreateSecret', 'secretsmanager:TagResource'],
      Resource: arn('secretsmanager', 'secret:rds!*'),
    },
    {
      Sid: 'ManageTheCache',
      Effect: 'Allow',
      Action: ['elasticache:Create*', 'elasticache:Delete*', 'elasticache:Modify*', 'elasticache:AddTagsToResource', 'elasticache:RemoveTagsFromResource'],
      Resource: ['replicationgroup', 'cluster', 'subnetgroup', 'parametergroup', 'user', 'usergroup', 'snapshot'].flatMap((kind) => named((name) => arn('elasticache', `${kind}:${name}`))),
    },
    {
      Sid: 'ManageAndPushTheRepositories',
      Effect: 'Allow',
      Action: [
        'ecr:CreateRepository',
        'ecr:DeleteRepository',
        'ecr:PutLifecyclePolicy',
        'ecr:DeleteLifecyclePolicy',
        'ecr:SetRepositoryPolicy',
        'ecr:DeleteRepositoryPolicy',
        'ecr:PutImageTagMutability',
        'ecr:PutImageScanningConfiguration',
        'ecr:TagResource',
        'ecr:UntagResource',
        'ecr:BatchCheckLayerAvailability',
        'ecr:BatchGetImage',
        'ecr:InitiateLayerUpload',
        'ecr:UploadLayerPart',
        'ecr:CompleteLayerUpload',
        'ecr:PutImage',
      ],
      Resource: scope.environmentPatterns.map((pattern) => arn('ecr', `repository/${pattern}/*`)),
    },
    { Sid: 'LogInToTheRegistry', Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' },
    // `plinth janitor` and `plinth preview` find environments by their tags (expiry, preview-of): a read with no resource-level scope.
    { Sid: 'FindEnvironmentsByTheirTags', Effect: 'Allow', Action: 'tag:GetResources', Resource: '*' },
    {
      Sid: 'ManageTheLogGroups',
      Effect: 'Allow',
      Action: ['logs:CreateLogGroup', 'logs:DeleteLogGroup', 'logs:PutRetentionPolicy', 'logs:DeleteRetentionPolicy', 'logs:AssociateKmsKey', 'logs:DisassociateKmsKey', 'logs:TagResource', 'logs:UntagResource', 'logs:TagLogGroup', 'logs:UntagLogGroup'],
      Resource: scope.environmentPatterns.flatMap((pattern) =>
        [`/aws/eks/${pattern}/*`, `/aws/rds/instance/${pattern}-*`, `/aws/elasticache/${pattern}-*`, `/plinth/${pattern}/*`].map((group) => arn('logs', `log-group:${group}`)),
      ),
    },
    {
      Sid: 'ManageTheModelRegistry',
      Effect: 'Allow',
      Action: ['sagemaker:CreateModelPackageGroup', 'sagemaker:DeleteModelPackageGroup', 'sagemaker:AddTags', 'sagemaker:DeleteTags'],
      // SageMaker writes names lower-case in ARNs.
      Resource: named((name) => arn('sagemaker', `model-package-group/${name.toLowerCase()}`)),
    },
    {
      Sid: 'ManageTheBudget',
      Effect: 'Allow',
      Action: ['budgets:ModifyBudget', 'budgets:TagResource', 'budgets:UntagResource'],
      Resource: named((name) => arn('budgets', `budget/${name}`, '')),
    },
    {
      Sid: 'ManageTheBuckets',
      Effect: 'Allow',
      // Object deletes are what emptying a bucket takes before a development environment's bucket is destroyed.
      Action: ['s3:CreateBucket', 's3:DeleteBucket', 's3:PutBucket*', 's3:DeleteBucket*', 's3:PutEncryptionConfiguration', 's3:PutLifecycleConfiguration', 's3:ListBucketVersions', 's3:DeleteObject', 's3:DeleteObjectVersion'],
      Resource: scope.environmentPatterns.flatMap((pattern) => [`arn:${partition}:s3:::${pattern}-*`, `arn:${partition}:s3:::${pattern}-*/*`]),
    },
    { Sid: 'CreateTheKeyTagged', Effect: 'Allow', Action: ['kms:CreateKey', 'kms:TagResource'], Resource: '*', Condition: tagged('aws:RequestTag') },
    {
      Sid: 'ManageTheTaggedKey',
      Effect: 'Allow',
      Action: [
        'kms:CreateAlias',
        'kms:CreateGrant',
        'kms:Decrypt',
        'kms:EnableKeyRotation',
        'kms:Encrypt',
        'kms:GenerateDataKey*',
        'kms:PutKeyPolicy',
        'kms:ScheduleKeyDeletion',
        'kms:TagResource',
        'kms:UntagResource',
        'kms:UpdateAlias',
        'kms:UpdateKeyDescription',
      ],
      Resource: arn('kms', 'key/*'),
      Condition: tagged('aws:ResourceTag'),
    },
    {
      Sid: 'ManageTheKeyAlias',
      Effect: 'Allow',
      Action: ['kms:CreateAlias', 'kms:DeleteAlias', 'kms:UpdateAlias'],
      Resource: scope.environmentPatterns.map((pattern) => arn('kms', `alias/plinth/${pattern}`)),
    },
    { Sid: 'CreateNetworkResourcesTagged', Effect: 'Allow', Action: EC2_WRITES, Resource: '*', Condition: tagged('aws:RequestTag') },
    { Sid: 'ChangeTaggedNetworkResources', Effect: 'Allow', Action: EC2_WRITES, Resource: '*', Condition: tagged('aws:ResourceTag') },
    {
      Sid: 'TagNetworkResourcesAsTheyAreCreated',
      Effect: 'Allow',
      Action: 'ec2:CreateTags',
      Resource: '*',
      Condition: { StringEquals: { 'ec2:CreateAction': EC2_WRITES.filter((action) => /^ec2:(Create|Allocate)/.test(action) && action !== 'ec2:CreateTags').map((action) => action.slice('ec2:'.length)) } },
    },
    {
      Sid: 'TagTheClusterNodeGroups',
      Effect: 'Allow',
      Action: ['autoscaling:CreateOrUpdateTags', 'autoscaling:DeleteTags'],
      Resource: '*',
      Condition: { StringLike: { 'aws:ResourceTag/eks:cluster-name': [...scope.environmentPatterns] } },
    },
  ];
}

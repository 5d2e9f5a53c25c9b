import type { StateLocation } from '../kit';
import type { PolicyStatement } from './policy-document';

/** What the CI roles' policies are written for: one environment's account, names and state. */
export interface CiPermissionScope {
  readonly partition: string;
  readonly accountId: string;
  readonly region: string;
  /**
   * Glob patterns of the `namePrefix` of every environment the deploy role manages: its own (`acme-dev`) and its
   * previews' (`acme-pr-*`). Resource names are these, or these followed by `-…`; `plinth:environment` tags are these.
   */
  readonly environmentPatterns: readonly string[];
  readonly state: Extract<StateLocation, { type: 's3' }>;
}

/**
 * Everything `terraform plan` refreshes in a Plinth foundation: describe, list and get of the services the AWS kit
 * uses, and no more. Not AWS's managed ReadOnlyAccess: it also reads data (every bucket's objects, DynamoDB items,
 * queue messages) that a pull request's workflow has no business reading. Describe and list calls take no
 * resource-level permissions in EC2, RDS, ElastiCache, EKS listings and most others, hence `*` there; S3,
 * whose bucket names are the platform's, is scoped to them.
 */
export function refreshStatements(scope: CiPermissionScope): PolicyStatement[] {
  const s3 = (resource: string) => `arn:${scope.partition}:s3:::${resource}`;
  return [
    {
      Sid: 'DescribeWhatThePlatformRuns',
      Effect: 'Allow',
      Action: [
        'autoscaling:Describe*',
        'budgets:ViewBudget',
        'budgets:ListTagsForResource',
        'ec2:Describe*',
        'ecr:DescribeRepositories',
        'ecr:GetLifecyclePolicy',
        'ecr:GetRepositoryPolicy',
        'ecr:ListTagsForResource',
        'eks:Describe*',
        'eks:List*',
        'elasticache:Describe*',
        'elasticache:ListTagsForResource',
        'iam:GetOpenIDConnectProvider',
        'iam:GetPolicy',
        'iam:GetPolicyVersion',
        'iam:GetRole',
        'iam:GetRolePolicy',
        'iam:ListAttachedRolePolicies',
        'iam:ListInstanceProfilesForRole',
        'iam:ListOpenIDConnectProviders',
        'iam:ListRolePolicies',
        'iam:ListRoleTags',
        'kms:DescribeKey',
        'kms:GetKeyPolicy',
        'kms:GetKeyRotationStatus',
        'kms:ListAliases',
        'kms:ListResourceTags',
        'logs:DescribeLogGroups',
        'logs:ListTagsForResource',
        'logs:ListTagsLogGroup',
        'rds:Describe*',
        'rds:ListTagsForResource',
        'sagemaker:DescribeModelPackageGroup',
        'sagemaker:ListTags',
      ],
      Resource: '*',
    },
    {
      Sid: 'ReadThePlatformBucketsSettings',
      Effect: 'Allow',
      // Bucket settings only: s3:GetObject is not here, so the artifacts stay out of a plan's reach.
      Action: ['s3:GetBucket*', 's3:GetAccelerateConfiguration', 's3:GetEncryptionConfiguration', 's3:GetLifecycleConfiguration', 's3:GetReplicationConfiguration', 's3:ListBucket'],
      Resource: scope.environmentPatterns.map((pattern) => s3(`${pattern}-*`)),
    },
    { Sid: 'ListBuckets', Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: '*' },
  ];
}

/**
 * Terraform's S3 backend: the environment's state objects (read, or read and write), their KMS key when the
 * bucket encrypts with one (decrypt through S3 only, for these objects), and the DynamoDB lock, which a plan
 * takes too: its items' keys start with `<bucket>/<key>`, so `dynamodb:LeadingKeys` keeps other states' locks out.
 */
export function stateStatements(scope: CiPermissionScope, access: 'read' | 'read-write'): PolicyStatement[] {
  const { state } = scope;
  const bucket = `arn:${scope.partition}:s3:::${state.bucket}`;
  const objects = state.keyPrefixes.map((prefix) => `${bucket}/${prefix}/*`);
  return [
    {
      Sid: 'ListTheStateObjects',
      Effect: 'Allow',
      Action: 's3:ListBucket',
      Resource: bucket,
      // `env:/` is where the backend looks for workspaces other than the default.
      Condition: { StringLike: { 's3:prefix': [...state.keyPrefixes.flatMap((prefix) => [prefix, `${prefix}/*`]), 'env:/', 'env:/*'] } },
    },
    { Sid: access === 'read' ? 'ReadTheState' : 'ReadAndWriteTheState', Effect: 'Allow', Action: access === 'read' ? ['s3:GetObject'] : ['s3:GetObject', 's3:PutObject'], Resource: objects },
    {
      Sid: 'UseTheStateKeyThroughS3',
      Effect: 'Allow',
      Action: access === 'read' ? ['kms:Decrypt'] : ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'],
      // The state bucket is not Plinth's: its key (if any) is unknown, so any key of the account, but only
      // through S3 and only for these objects (or the bucket, whose ARN is the context with S3 Bucket Keys).
      Resource: `arn:${scope.partition}:kms:${state.region}:${scope.accountId}:key/*`,
      Condition: {
        StringEquals: { 'kms:ViaService': `s3.${state.region}.amazonaws.com` },
        StringLike: { 'kms:EncryptionContext:aws:s3:arn': [bucket, ...objects] },
      },
    },
    {
      Sid: 'TakeTheStateLock',
      Effect: 'Allow',
      Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem'],
      Resource: `arn:${scope.partition}:dynamodb:${state.region}:${scope.accountId}:table/${state.lockTable}`,
      Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': state.keyPrefixes.map((prefix) => `${state.bucket}/${prefix}/*`) } },
    },
  ];
}

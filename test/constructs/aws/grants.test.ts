import { TerraformStack } from 'cdktf';
import { AwsKit } from '../../../constructs/aws/kit';
import { awsProvider } from '../../../constructs/aws/provider';
import type { Grantee } from '../../../constructs/kit';
import type { StackJson } from '../../support/synth';
import { only, refTo, resourcesOf, synthAwsStack } from '../../support/construct-synth';

const SIZES = {
  network: { cidr: '10.0.0.0/16', zoneCount: 2, natPerZone: false, flowLogRetentionDays: 30 },
  artifacts: { noncurrentTransitionDays: 30, noncurrentExpirationDays: 90 },
  database: { instanceClass: 'db.t4g.medium', allocatedStorageGb: 20, maxAllocatedStorageGb: 100, backupRetentionDays: 7, highlyAvailable: false },
  cluster: { version: '1.31', publicAccessCidrs: [], logRetentionDays: 30 },
} as const;

function kitIn(stack: Parameters<Parameters<typeof synthAwsStack>[0]>[0]): AwsKit {
  return new AwsKit(stack, {
    region: 'eu-west-1',
    context: { namePrefix: 'acme-dev', deletionProtection: false },
    network: SIZES.network,
    tags: { owner: 'o' },
    costTag: { key: 'plinth:environment', value: 'acme-dev' },
  });
}

/** The startup blueprint's grants, as a blueprint writes them. */
const stack = synthAwsStack((s) => {
  const kit = kitIn(s);
  const artifacts = kit.artifactStore('Artifacts', SIZES.artifacts);
  const database = kit.metadataDatabase('MetadataDatabase', SIZES.database);
  const registry = kit.containerRegistry('Registry', { services: ['tracking', 'drift'] });
  const cluster = kit.kubernetesCluster('Cluster', SIZES.cluster);
  registry.grantPull(cluster.addNodePool('system', { instanceTypes: ['t3.large'], minSize: 1, desiredSize: 2, maxSize: 3 }));
  const tracking = cluster.addWorkloadIdentity('plinth', 'tracking');
  artifacts.grantReadWrite(tracking, 'tracking/');
  database.grantConnect(tracking, 'plinth_tracking');
  database.grantAdminCredentials(cluster.addWorkloadIdentity('plinth', 'tracking-database-bootstrap'));
  database.grantConnect(cluster.addWorkloadIdentity('plinth', 'drift'), 'plinth_drift');
  kit.key.grantEncryptDecrypt(cluster.addWorkloadIdentity('plinth', 'sealer'));
});

const logicalName = (json: StackJson, type: string, name: string) =>
  Object.entries(json.resource?.[type] ?? {}).find(([, r]) => (r as Record<string, unknown>).name === name)?.[0];

/** Inline policies of the role named `roleName`, by policy name. */
function inlinePolicies(roleName: string): Record<string, { Statement: Record<string, any>[] }> {
  const role = `\${aws_iam_role.${logicalName(stack, 'aws_iam_role', roleName)}.id}`;
  return Object.fromEntries(resourcesOf(stack, 'aws_iam_role_policy').filter((p) => p.role === role).map((p) => [p.name, JSON.parse(p.policy)]));
}

const bucketArn = `\${aws_s3_bucket.${Object.keys(stack.resource!.aws_s3_bucket!).find((name) => name.startsWith('Artifacts_Data'))}.arn}`;
const keyArn = refTo(stack, 'aws_kms_key', 'arn');
const dbInstance = `aws_db_instance.${Object.keys(stack.resource!.aws_db_instance!)[0]}`;
const region = `\${data.aws_region.${Object.keys(stack.data!.aws_region!)[0]}.name}`;
const identityRoles = ['acme-dev-plinth-tracking', 'acme-dev-plinth-tracking-database-bootstrap', 'acme-dev-plinth-drift', 'acme-dev-plinth-sealer'];

describe('grants of the AWS kit', () => {
  it("lets tracking's role list, read and write s3://bucket/tracking/* and nothing else of the bucket, using the key only through S3 for this bucket", () => {
    expect(inlinePolicies('acme-dev-plinth-tracking')['artifacts-read-write-tracking']!.Statement).toEqual([
      { Sid: 'ListObjects', Effect: 'Allow', Action: 's3:ListBucket', Resource: bucketArn, Condition: { StringLike: { 's3:prefix': 'tracking/*' } } },
      {
        Sid: 'UseObjects',
        Effect: 'Allow',
        Action: ['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
        Resource: `${bucketArn}/tracking/*`,
      },
      {
        Sid: 'UseTheBucketKeyThroughS3',
        Effect: 'Allow',
        Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
        Resource: keyArn,
        Condition: {
          StringEquals: { 'kms:ViaService': `s3.${region}.amazonaws.com` },
          StringLike: { 'kms:EncryptionContext:aws:s3:arn': [bucketArn, `${bucketArn}/tracking/*`] },
        },
      },
    ]);
  });

  it('lets each service log in to PostgreSQL as its own user only, and nothing more', () => {
    const connect = (user: string) => ({
      Effect: 'Allow',
      Action: 'rds-db:connect',
      Resource: expect.stringMatching(new RegExp(`:rds-db:\\$\\{data\\.aws_region\\.[^}]+\\}:\\$\\{data\\.aws_caller_identity\\.[^}]+\\}:dbuser:\\$\\{${dbInstance.replace('.', '\\.')}\\.resource_id\\}/${user}$`)),
    });
    expect(Object.keys(inlinePolicies('acme-dev-plinth-tracking')).sort()).toEqual(['artifacts-read-write-tracking', 'metadatadatabase-connect-as-plinth_tracking']);
    expect(inlinePolicies('acme-dev-plinth-tracking')['metadatadatabase-connect-as-plinth_tracking']!.Statement).toEqual([connect('plinth_tracking')]);
    expect(inlinePolicies('acme-dev-plinth-drift')).toEqual({ 'metadatadatabase-connect-as-plinth_drift': { Version: '2012-10-17', Statement: [connect('plinth_drift')] } });
  });

  it("lets only the bootstrap identity read RDS's generated admin secret, decrypting it only through Secrets Manager", () => {
    const secretArn = `\${${dbInstance}.master_user_secret[0].secret_arn}`;
    expect(inlinePolicies('acme-dev-plinth-tracking-database-bootstrap')).toEqual({
      'metadatadatabase-read-admin-credentials': {
        Version: '2012-10-17',
        Statement: [
          { Sid: 'ReadTheMasterSecret', Effect: 'Allow', Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], Resource: secretArn },
          {
            Sid: 'DecryptItThroughSecretsManager',
            Effect: 'Allow',
            Action: 'kms:Decrypt',
            Resource: keyArn,
            Condition: { StringEquals: { 'kms:ViaService': `secretsmanager.${region}.amazonaws.com`, 'kms:EncryptionContext:SecretARN': secretArn } },
          },
        ],
      },
    });
    const readers = resourcesOf(stack, 'aws_iam_role_policy').filter((p) => String(p.policy).includes('secretsmanager:'));
    expect(readers).toHaveLength(1);
  });

  it('lets an identity use the key directly only when the key grants it', () => {
    expect(inlinePolicies('acme-dev-plinth-sealer')['kms-encrypt-decrypt-key']!.Statement).toEqual([
      { Effect: 'Allow', Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'], Resource: keyArn },
    ]);
  });

  it('gives no identity a wildcard resource, and the node pool only the registry login token (IAM has no narrower resource for it)', () => {
    for (const role of identityRoles) {
      for (const statement of Object.values(inlinePolicies(role)).flatMap((p) => p.Statement)) {
        expect([statement.Resource].flat()).not.toContain('*');
      }
    }
    const pull = inlinePolicies('acme-dev-system-node')['registry-pull']!.Statement;
    pull[0]!.Resource.sort();
    const repositories = Object.keys(stack.resource!.aws_ecr_repository!).map((name) => `\${aws_ecr_repository.${name}.arn}`).sort();
    expect(pull).toEqual([
      { Sid: 'PullPlatformImages', Effect: 'Allow', Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'], Resource: repositories },
      { Sid: 'LogInToTheRegistry', Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' },
    ]);
  });

  it('attaches no ECR-wide managed policy to the node role', () => {
    const nodeRole = `\${aws_iam_role.${logicalName(stack, 'aws_iam_role', 'acme-dev-system-node')}.name}`;
    const attached = resourcesOf(stack, 'aws_iam_role_policy_attachment').filter((a) => a.role === nodeRole).map((a) => String(a.policy_arn).split('/').pop());
    expect(attached.sort()).toEqual(['AmazonEKSWorkerNodePolicy', 'AmazonEKS_CNI_Policy']);
  });

  it("trusts exactly one service account of this cluster, through the cluster's OIDC provider and STS's audience", () => {
    const trust = JSON.parse(resourcesOf(stack, 'aws_iam_role').find((r) => r.name === 'acme-dev-plinth-tracking')!.assume_role_policy);
    const locals = (stack as StackJson & { locals: Record<string, string> }).locals;
    const host = `\${local.${Object.keys(locals)[0]}}`;
    expect(Object.values(locals)).toEqual([`\${replace(aws_eks_cluster.${Object.keys(stack.resource!.aws_eks_cluster!)[0]}.identity[0].oidc[0].issuer, "https://", "")}`]);
    expect(trust.Statement).toEqual([
      {
        Effect: 'Allow',
        Principal: { Federated: refTo(stack, 'aws_iam_openid_connect_provider', 'arn') },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: { StringEquals: { [`${host}:sub`]: 'system:serviceaccount:plinth:tracking', [`${host}:aud`]: 'sts.amazonaws.com' } },
      },
    ]);
  });
});

describe('who may be granted', () => {
  const foreign: Grantee = { cloud: 'gcp', description: 'workload identity plinth/tracking of GKE cluster acme-dev' };
  const handMade: Grantee = { cloud: 'aws', description: 'a hand-made object claiming to be AWS' };

  it.each([
    ['a grantee of another kit (GCP-shaped)', foreign, 'it was made by the "gcp" kit, not by the AWS kit'],
    ['an object this kit did not make', handMade, 'it was not made by the AWS kit'],
  ])('refuses %s at construction, naming the resource and the grantee', (_what, grantee, why) => {
    expect(() =>
      synthAwsStack((s) => {
        kitIn(s).artifactStore('Artifacts', SIZES.artifacts).grantRead(grantee, 'tracking/');
      }),
    ).toThrow(`test/Artifacts cannot grant access to ${grantee.description}: ${why}; grant only to identities and node pools of the same environment`);
  });

  it("refuses an identity of another environment's stack", () => {
    expect(() =>
      synthAwsStack((s) => {
        const other = new TerraformStack(s.node.scope!, 'acme-prod-foundation');
        awsProvider(other, 'aws', { region: 'eu-west-1', tags: {} });
        const prodIdentity = new AwsKit(other, { region: 'eu-west-1', context: { namePrefix: 'acme-prod', deletionProtection: true }, network: SIZES.network, tags: {}, costTag: { key: 'k', value: 'v' } })
          .kubernetesCluster('Cluster', SIZES.cluster)
          .addWorkloadIdentity('plinth', 'tracking');
        kitIn(s).artifactStore('Artifacts', SIZES.artifacts).grantRead(prodIdentity);
      }),
    ).toThrow(/test\/Artifacts cannot grant access to workload identity plinth\/tracking of cluster acme-prod: it belongs to stack acme-prod-foundation, another environment/);
  });

  it('refuses a prefix that is not a key prefix, and a database user that is not a role name', () => {
    expect(() =>
      synthAwsStack((s) => {
        const kit = kitIn(s);
        const identity = kit.kubernetesCluster('Cluster', SIZES.cluster).addWorkloadIdentity('plinth', 'tracking');
        kit.artifactStore('Artifacts', SIZES.artifacts).grantRead(identity, 'tracking/*');
      }),
    ).toThrow(/test\/Artifacts: prefix "tracking\/\*" must be one or more path segments ending in "\/"/);
    expect(() =>
      synthAwsStack((s) => {
        const kit = kitIn(s);
        const identity = kit.kubernetesCluster('Cluster', SIZES.cluster).addWorkloadIdentity('plinth', 'tracking');
        kit.metadataDatabase('MetadataDatabase', SIZES.database).grantConnect(identity, 'Tracking; DROP');
      }),
    ).toThrow(/dbUser "Tracking; DROP" must be a lower-case PostgreSQL role name/);
  });

  it('refuses a service account Kubernetes would refuse, or the same one twice', () => {
    expect(() => synthAwsStack((s) => kitIn(s).kubernetesCluster('Cluster', SIZES.cluster).addWorkloadIdentity('Plinth', 'tracking'))).toThrow(
      /namespace "Plinth" must be a Kubernetes namespace name/,
    );
    expect(() =>
      synthAwsStack((s) => {
        const cluster = kitIn(s).kubernetesCluster('Cluster', SIZES.cluster);
        cluster.addWorkloadIdentity('plinth', 'tracking');
        cluster.addWorkloadIdentity('plinth', 'tracking');
      }),
    ).toThrow(/a workload identity for plinth\/tracking was already added/);
  });
});

describe('AwsKit', () => {
  it('creates the key and the network on first use, once, and no network for capabilities outside one', () => {
    const bucketOnly = synthAwsStack((s) => {
      kitIn(s).artifactStore('Artifacts', SIZES.artifacts);
    });
    expect(resourcesOf(bucketOnly, 'aws_kms_key')).toHaveLength(1);
    expect(resourcesOf(bucketOnly, 'aws_vpc')).toHaveLength(0);
    expect(resourcesOf(stack, 'aws_kms_key')).toHaveLength(1);
    expect(only(stack, 'aws_vpc').cidr_block).toBe('10.0.0.0/16');
  });

  it('annotates each service account with the role its pods assume', () => {
    let annotations: Readonly<Record<string, string>> = {};
    synthAwsStack((s) => {
      annotations = kitIn(s).kubernetesCluster('Cluster', SIZES.cluster).addWorkloadIdentity('plinth', 'drift').serviceAccountAnnotations;
    });
    expect(Object.keys(annotations)).toEqual(['eks.amazonaws.com/role-arn']);
  });
});

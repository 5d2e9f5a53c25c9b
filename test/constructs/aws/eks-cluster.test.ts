import { CONTROL_PLANE_LOG_TYPES, EksCluster, type EksClusterProps } from '../../../constructs/aws/eks-cluster';
import { AwsEncryptionKey } from '../../../constructs/aws/encryption-key';
import { VpcNetwork } from '../../../constructs/aws/vpc-network';
import { only, refTo, resourcesOf, synthAwsStack } from '../../support/construct-synth';

function cluster(props: Partial<EksClusterProps> = {}, pool: { minSize: number; desiredSize: number; maxSize: number } = { minSize: 1, desiredSize: 2, maxSize: 3 }) {
  return synthAwsStack((s) => {
    const key = new AwsEncryptionKey(s, 'Key', { alias: 'k', region: 'eu-west-1' });
    const network = new VpcNetwork(s, 'Network', { name: 'n', region: 'eu-west-1', key });
    const eks = new EksCluster(s, 'Cluster', { name: 'acme-dev', region: 'eu-west-1', network, key, nodeTags: { owner: 'o' }, ...props });
    eks.addNodePool('system', { instanceTypes: ['t3.large'], ...pool });
  });
}

describe('EksCluster', () => {
  const stack = cluster();
  const eks = only(stack, 'aws_eks_cluster');

  it('keeps the API endpoint private by default', () => {
    expect(eks.vpc_config).toMatchObject({ endpoint_private_access: true, endpoint_public_access: false });
    expect(eks.vpc_config.public_access_cidrs).toBeUndefined();
  });

  it('opens the public endpoint only to the listed networks, and never to the whole internet', () => {
    const open = only(cluster({ publicAccessCidrs: ['203.0.113.0/24'] }), 'aws_eks_cluster');
    expect(open.vpc_config).toMatchObject({ endpoint_public_access: true, public_access_cidrs: ['203.0.113.0/24'] });
    expect(() => cluster({ publicAccessCidrs: ['0.0.0.0/0'] })).toThrow(/must not contain 0\.0\.0\.0\/0/);
  });

  it('envelope-encrypts Kubernetes secrets with the platform key', () => {
    expect(eks.encryption_config).toEqual({ resources: ['secrets'], provider: { key_arn: refTo(stack, 'aws_kms_key', 'arn') } });
  });

  it('sends every control-plane log type to an encrypted log group created beforehand', () => {
    expect(eks.enabled_cluster_log_types).toEqual([...CONTROL_PLANE_LOG_TYPES]);
    expect(CONTROL_PLANE_LOG_TYPES).toHaveLength(5);
    const group = resourcesOf(stack, 'aws_cloudwatch_log_group').find((g) => g.name === '/aws/eks/acme-dev/cluster')!;
    expect(group.kms_key_id).toBe(refTo(stack, 'aws_kms_key', 'arn'));
    expect(eks.depends_on).toContainEqual(expect.stringMatching(/^aws_cloudwatch_log_group\./));
  });

  it('runs nodes in private subnets only', () => {
    const pool = only(stack, 'aws_eks_node_group');
    expect(pool.subnet_ids).toEqual(eks.vpc_config.subnet_ids);
    expect(pool.subnet_ids.every((id: string) => Object.entries(stack.resource!.aws_subnet!).some(([name, s]) => id.includes(name) && (s as any).tags.Name.includes('private')))).toBe(true);
  });

  it('gives its roles only what they need: the cluster policy plus use of the one key; nodes join, run the CNI and pull EKS system images only', () => {
    const keyPolicy = JSON.parse(resourcesOf(stack, 'aws_iam_role_policy').find((p) => p.name === 'encrypt-secrets-with-platform-key')!.policy);
    expect(keyPolicy.Statement).toEqual([{ Effect: 'Allow', Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ListGrants', 'kms:DescribeKey'], Resource: refTo(stack, 'aws_kms_key', 'arn') }]);
    const attached = resourcesOf(stack, 'aws_iam_role_policy_attachment').map((a) => String(a.policy_arn).split('/').pop());
    expect(attached.sort()).toEqual(['AmazonEKSClusterPolicy', 'AmazonEKSWorkerNodePolicy', 'AmazonEKS_CNI_Policy']);
    const systemImages = JSON.parse(resourcesOf(stack, 'aws_iam_role_policy').find((p) => p.name === 'pull-eks-system-images')!.policy);
    expect(systemImages.Statement).toEqual([
      expect.objectContaining({ Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'], Resource: expect.stringMatching(/:ecr:eu-west-1:602401143452:repository\/\*$/) }),
      expect.objectContaining({ Action: 'ecr:GetAuthorizationToken', Resource: '*' }),
    ]);
  });

  it('registers its OIDC issuer with IAM for service account tokens meant for STS', () => {
    const provider = only(stack, 'aws_iam_openid_connect_provider');
    expect(provider.url).toBe(`\${${'aws_eks_cluster'}.${Object.keys(stack.resource!.aws_eks_cluster!)[0]}.identity[0].oidc[0].issuer}`);
    expect(provider.client_id_list).toEqual(['sts.amazonaws.com']);
  });

  it('hands out cluster access through a short-lived token from the AWS CLI, not a stored credential', () => {
    let access: EksCluster['access'] | undefined;
    synthAwsStack((s) => {
      const key = new AwsEncryptionKey(s, 'Key', { alias: 'k', region: 'eu-west-1' });
      const network = new VpcNetwork(s, 'Network', { name: 'n', region: 'eu-west-1', key });
      access = new EksCluster(s, 'Cluster', { name: 'acme-dev', region: 'eu-west-1', network, key }).access;
    });
    expect(access!.exec.command).toBe('aws');
    expect(access!.exec.args.slice(0, 2)).toEqual(['eks', 'get-token']);
    expect(access!.exec.args.slice(-2)).toEqual(['--region', 'eu-west-1']);
  });
});

describe('EksNodePool', () => {
  const stack = cluster();

  it('requires IMDSv2 with one hop, so pods cannot use the node role, and encrypts root volumes', () => {
    const template = only(stack, 'aws_launch_template');
    expect(template.metadata_options).toMatchObject({ http_tokens: 'required', http_put_response_hop_limit: 1 });
    expect(template.block_device_mappings[0].ebs).toMatchObject({ encrypted: 'true', volume_type: 'gp3' });
  });

  it('tags the instances and volumes it launches, which provider default tags do not reach', () => {
    const specs = only(stack, 'aws_launch_template').tag_specifications as { resource_type: string; tags: Record<string, string> }[];
    expect(specs.map((s) => s.resource_type).sort()).toEqual(['instance', 'volume']);
    expect(specs.every((s) => s.tags.owner === 'o')).toBe(true);
  });

  it('scales within its bounds and leaves the desired size to the autoscaler', () => {
    const pool = only(stack, 'aws_eks_node_group');
    expect(pool.scaling_config).toEqual({ min_size: 1, desired_size: 2, max_size: 3 });
    expect(pool.lifecycle.ignore_changes).toEqual(['scaling_config[0].desired_size']);
    expect(pool.labels).toEqual({ 'plinth.dev/pool': 'system' });
  });

  it('refuses sizes out of order, naming the pool and every problem at once', () => {
    expect(() => cluster({}, { minSize: 3, desiredSize: 2, maxSize: 1 })).toThrow(/NodePool-system: sizes must satisfy minSize <= desiredSize <= maxSize, got 3 <= 2 <= 1/);
    expect(() => cluster({}, { minSize: -1, desiredSize: 0.5, maxSize: 0 })).toThrow(
      /minSize must be a whole number of nodes, 0 or more, got -1; desiredSize must be a whole number of nodes, 0 or more, got 0.5; maxSize must be at least 1, got 0/,
    );
  });

  it('runs spot capacity, labels and taints when a blueprint asks, and refuses a pool name nodes cannot carry', () => {
    let refused: unknown;
    const spot = synthAwsStack((s) => {
      const key = new AwsEncryptionKey(s, 'Key', { alias: 'k', region: 'eu-west-1' });
      const network = new VpcNetwork(s, 'Network', { name: 'n', region: 'eu-west-1', key });
      const eks = new EksCluster(s, 'Cluster', { name: 'acme-dev', region: 'eu-west-1', network, key });
      eks.addNodePool('batch', {
        instanceTypes: ['m6i.large', 'm5.large'],
        minSize: 0,
        desiredSize: 0,
        maxSize: 4,
        capacity: 'spot',
        labels: { workload: 'batch' },
        taints: [{ key: 'plinth.dev/batch', value: 'true', effect: 'NoSchedule' }],
      });
      try {
        eks.addNodePool('GPU_pool', { instanceTypes: [], minSize: 0, desiredSize: 0, maxSize: 1 });
      } catch (error) {
        refused = error;
      }
    });
    expect(only(spot, 'aws_eks_node_group')).toMatchObject({
      capacity_type: 'SPOT',
      instance_types: ['m6i.large', 'm5.large'],
      labels: { workload: 'batch', 'plinth.dev/pool': 'batch' },
      taint: [{ key: 'plinth.dev/batch', value: 'true', effect: 'NO_SCHEDULE' }],
    });
    expect(String(refused)).toMatch(/name "GPU_pool" must be 1-20 lower-case letters.*instanceTypes must list at least one instance type/);
  });
});

import { CostBudget } from '../../../constructs/aws/cost-budget';
import { AwsKit } from '../../../constructs/aws/kit';
import { ModelPackageGroup } from '../../../constructs/aws/model-package-group';
import type { Grantee } from '../../../constructs/kit';
import { REQUIRED_ACTIONS } from '../../../services/gates/cloud-registry/sagemaker-failure';
import { only, policyOf, refTo, resourcesOf, synthAwsStack } from '../../support/construct-synth';

describe('CostBudget', () => {
  const stack = synthAwsStack((s) => {
    new CostBudget(s, 'Budget', { name: 'acme-dev-monthly', monthlyUsd: 800, alertEmails: ['team@acme.example'], accountId: '123456789012', costTag: { key: 'plinth:environment', value: 'acme-dev' } });
  });
  const budget = only(stack, 'aws_budgets_budget');

  it('is a monthly cost budget in US dollars for the environment’s tagged costs', () => {
    expect(budget).toMatchObject({ budget_type: 'COST', time_unit: 'MONTHLY', limit_amount: '800.00', limit_unit: 'USD', account_id: '123456789012' });
    expect(budget.cost_filter).toEqual([{ name: 'TagKeyValue', values: ['user:plinth:environment$acme-dev'] }]);
  });

  it('emails its owners at 80% and 100% of actual spend', () => {
    expect(budget.notification).toEqual(
      [80, 100].map((threshold) => ({
        comparison_operator: 'GREATER_THAN',
        notification_type: 'ACTUAL',
        threshold,
        threshold_type: 'PERCENTAGE',
        subscriber_email_addresses: ['team@acme.example'],
      })),
    );
  });

  it('refuses a budget nobody hears about, or of no money', () => {
    expect(() => synthAwsStack((s) => new CostBudget(s, 'B', { name: 'b', monthlyUsd: 10, alertEmails: [] }))).toThrow(/alertEmails must list at least one address/);
    expect(() => synthAwsStack((s) => new CostBudget(s, 'B', { name: 'b', monthlyUsd: 0, alertEmails: ['a@b.example'] }))).toThrow(/monthlyUsd must be positive/);
  });
});

describe('ModelPackageGroup', () => {
  it('creates the SageMaker model package group the gates mirror into', () => {
    const stack = synthAwsStack((s) => new ModelPackageGroup(s, 'Models', { name: 'acme-dev-models' }));
    expect(only(stack, 'aws_sagemaker_model_package_group').model_package_group_name).toBe('acme-dev-models');
  });
});

describe('ModelPackageGroup.grantPublish', () => {
  const kitIn = (s: Parameters<Parameters<typeof synthAwsStack>[0]>[0]) =>
    new AwsKit(s, {
      region: 'eu-west-1',
      context: { namePrefix: 'acme-dev', deletionProtection: false },
      network: { cidr: '10.0.0.0/16', zoneCount: 2, natPerZone: false, flowLogRetentionDays: 30 },
      tags: { owner: 'o' },
      costTag: { key: 'plinth:environment', value: 'acme-dev' },
    });
  const stack = synthAwsStack((s) => {
    const kit = kitIn(s);
    const cluster = kit.kubernetesCluster('Cluster', { version: '1.31', publicAccessCidrs: [], logRetentionDays: 30 });
    kit.modelRegistryMirror('ModelRegistry').grantPublish(cluster.addWorkloadIdentity('plinth', 'gates'));
  });

  it('lets the gates find, register, update and read versions of this group only: the mirror’s SageMaker calls, no tags, no delete', () => {
    const policy = resourcesOf(stack, 'aws_iam_role_policy').find((p) => p.name === 'modelregistry-publish')!;
    const region = `\${data.aws_region.${Object.keys(stack.data!.aws_region!)[0]}.name}`;
    const partition = `\${data.aws_partition.${Object.keys(stack.data!.aws_partition!)[0]}.partition}`;
    const account = `\${data.aws_caller_identity.${Object.keys(stack.data!.aws_caller_identity!)[0]}.account_id}`;
    expect(policyOf(policy).Statement).toEqual([
      {
        Sid: 'PublishModelVersionsToTheGroup',
        Effect: 'Allow',
        Action: ['sagemaker:DescribeModelPackageGroup', 'sagemaker:ListModelPackages', 'sagemaker:DescribeModelPackage', 'sagemaker:CreateModelPackage', 'sagemaker:UpdateModelPackage'],
        Resource: [refTo(stack, 'aws_sagemaker_model_package_group', 'arn'), `arn:${partition}:sagemaker:${region}:${account}:model-package/acme-dev-models/*`],
      },
    ]);
    // Exactly what the gates' mirror says it needs when access is denied: neither side may drift.
    expect([...policyOf(policy).Statement[0]!.Action].sort()).toEqual([...REQUIRED_ACTIONS].sort());
    expect(policy.role).toMatch(/^\$\{aws_iam_role\.Cluster_Identity-plinth-gates_Role_[0-9A-F]+\.id\}$/);
  });

  it('refuses a grantee another kit made, naming both', () => {
    const foreign: Grantee = { cloud: 'gcp', description: 'workload identity plinth/gates of GKE cluster acme-dev' };
    expect(() => synthAwsStack((s) => kitIn(s).modelRegistryMirror('ModelRegistry').grantPublish(foreign))).toThrow(
      'test/ModelRegistry cannot grant access to workload identity plinth/gates of GKE cluster acme-dev: it was made by the "gcp" kit, not by the AWS kit',
    );
  });
});

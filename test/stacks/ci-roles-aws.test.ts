import { ATTACHABLE_MANAGED_POLICIES } from '../../constructs/aws/ci-deploy-permissions';
import { CI_SESSION_SECONDS } from '../../constructs/aws/ci-roles';
import type { StackJson } from '../support/synth';
import { configWith, synth } from './support/synth-config';

interface Statement {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Principal?: Record<string, string>;
  readonly Action: string | string[];
  readonly Resource?: string | string[];
  readonly Condition?: Record<string, Record<string, string | string[]>>;
}

const REPOSITORY = 'Acme-Corp/ml-platform';
const STATE = { type: 's3', bucket: 'acme-terraform-state', dynamodbTable: 'terraform-locks', region: 'eu-central-1' };

/** The realtime blueprint (every AWS service the kit uses) with `ci` on in dev and prod; `local` keeps `ci` off (local state). */
const stacks = synth(
  configWith((config) => {
    config.blueprint = 'realtime';
    config.capabilities = { ci: true };
    config.ci = { github: { repository: REPOSITORY } };
    config.environments.dev.backend = STATE;
    config.environments.prod = { production: true, backend: { ...STATE, keyPrefix: 'platforms/acme-ml/prod' } };
    config.environments.local.capabilities = { ci: false };
  }),
);
const dev = stacks['acme-ml-dev-foundation']!;
const prod = stacks['acme-ml-prod-foundation']!;

function resources(stack: StackJson, type: string): Record<string, Record<string, any>> {
  return (stack.resource?.[type] ?? {}) as Record<string, Record<string, any>>;
}

function roleNamed(stack: StackJson, name: string): { key: string; trust: Statement[] } {
  const [key, role] = Object.entries(resources(stack, 'aws_iam_role')).find(([, r]) => r.name === name) ?? [];
  if (!key) throw new Error(`no role ${name}`);
  return { key, trust: JSON.parse(role!.assume_role_policy as string).Statement as Statement[] };
}

/** The policy documents of the role whose resource key is `roleKey`: inline, and managed policies attached to it. */
function documentsOf(stack: StackJson, roleKey: string): string[] {
  const inline = Object.values(resources(stack, 'aws_iam_role_policy')).filter((policy) => policy.role === `\${aws_iam_role.${roleKey}.id}`);
  const attached = Object.values(resources(stack, 'aws_iam_role_policy_attachment'))
    .filter((attachment) => attachment.role === `\${aws_iam_role.${roleKey}.name}`)
    .map((attachment) => resources(stack, 'aws_iam_policy')[/^\$\{aws_iam_policy\.(.+)\.arn\}$/.exec(String(attachment.policy_arn))?.[1] ?? '']);
  return [...inline, ...attached].filter((policy) => policy !== undefined).map((policy) => String(policy!.policy));
}

function statementsOf(stack: StackJson, roleKey: string): Statement[] {
  return documentsOf(stack, roleKey).flatMap((document) => JSON.parse(document).Statement as Statement[]);
}

/** A document as IAM measures it: Terraform's references resolved (to values no longer than these), white space left out. */
function iamLength(document: string): number {
  return document.replace(/\$\{data\.aws_partition[^}]*\}/g, 'aws-us-gov').replace(/\$\{data\.aws_caller_identity[^}]*\}/g, '123456789012').replace(/\s/g, '').length;
}

const list = (value: string | string[] | undefined) => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

describe('the ci capability on AWS: GitHub OIDC roles for plan and deploy', () => {
  const plan = roleNamed(dev, 'acme-ml-dev-ci-plan');
  const deploy = roleNamed(dev, 'acme-ml-dev-ci-deploy');

  it('the plan role trusts only pull-request jobs of the repository, for STS, with exact matches', () => {
    expect(plan.trust).toEqual([
      {
        Effect: 'Allow',
        Principal: { Federated: expect.stringMatching(/aws_iam_openid_connect_provider\..*GithubOidcProvider.*\.arn/) },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: { StringEquals: { 'token.actions.githubusercontent.com:sub': `repo:${REPOSITORY}:pull_request`, 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' } },
      },
    ]);
  });

  it('the deploy role trusts only jobs of the GitHub environment of the same name', () => {
    expect(deploy.trust).toHaveLength(1);
    expect(deploy.trust[0]!.Condition).toEqual({
      StringEquals: { 'token.actions.githubusercontent.com:sub': `repo:${REPOSITORY}:environment:dev`, 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
    });
    expect(roleNamed(prod, 'acme-ml-prod-ci-deploy').trust[0]!.Condition!.StringEquals!['token.actions.githubusercontent.com:sub']).toBe(`repo:${REPOSITORY}:environment:prod`);
  });

  it('both roles hold a session for at most an hour', () => {
    for (const name of ['acme-ml-dev-ci-plan', 'acme-ml-dev-ci-deploy']) {
      expect(resources(dev, 'aws_iam_role')[roleNamed(dev, name).key]!.max_session_duration).toBe(CI_SESSION_SECONDS);
    }
    expect(CI_SESSION_SECONDS).toBe(3600);
  });

  it('the plan role cannot change anything: only reads, except the state lock item', () => {
    const statements = statementsOf(dev, plan.key);
    expect(statements.every((statement) => statement.Effect === 'Allow')).toBe(true);
    const writes = statements.flatMap((statement) =>
      list(statement.Action)
        .filter((action) => !/^[a-z0-9-]+:(Describe|List|Get|View)[A-Za-z*]*$/.test(action) && action !== 'kms:Decrypt')
        .map((action) => ({ sid: statement.Sid, action })),
    );
    expect(writes).toEqual([
      { sid: 'TakeTheStateLock', action: 'dynamodb:PutItem' },
      { sid: 'TakeTheStateLock', action: 'dynamodb:DeleteItem' },
    ]);
    const lock = statements.find((statement) => statement.Sid === 'TakeTheStateLock')!;
    expect(lock.Resource).toMatch(/:dynamodb:eu-central-1:.*:table\/terraform-locks$/);
    expect(lock.Condition).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['acme-terraform-state/acme-ml/dev/*', 'acme-terraform-state/acme-ml/pr-*/*'] } });
  });

  it('the plan role reads no data: no object of any bucket but the state, no secret, and decrypts only state through S3', () => {
    const statements = statementsOf(dev, plan.key);
    const getObject = statements.filter((statement) => list(statement.Action).includes('s3:GetObject'));
    expect(getObject.flatMap((statement) => list(statement.Resource))).toEqual([expect.stringMatching(/:s3:::acme-terraform-state\/acme-ml\/dev\/\*$/), expect.stringMatching(/:s3:::acme-terraform-state\/acme-ml\/pr-\*\/\*$/)]);
    expect(statements.flatMap((statement) => list(statement.Action)).filter((action) => /secretsmanager|ssm:Get|dynamodb:(Scan|Query)/.test(action))).toEqual([]);
    const decrypt = statements.find((statement) => list(statement.Action).includes('kms:Decrypt'))!;
    expect(decrypt.Condition!.StringEquals).toEqual({ 'kms:ViaService': 's3.eu-central-1.amazonaws.com' });
  });

  it('the deploy role writes and locks its own state prefix only, and production has its own', () => {
    const state = statementsOf(dev, deploy.key).find((statement) => statement.Sid === 'ReadAndWriteTheState')!;
    expect(state.Action).toEqual(['s3:GetObject', 's3:PutObject']);
    const prodDeploy = roleNamed(prod, 'acme-ml-prod-ci-deploy');
    const prodStatements = statementsOf(prod, prodDeploy.key);
    expect(list(prodStatements.find((statement) => statement.Sid === 'ReadAndWriteTheState')!.Resource)).toEqual([expect.stringMatching(/:s3:::acme-terraform-state\/platforms\/acme-ml\/prod\/\*$/)]);
    expect(prodStatements.find((statement) => statement.Sid === 'TakeTheStateLock')!.Condition).toEqual({
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['acme-terraform-state/platforms/acme-ml/prod/*'] },
    });
  });

  it('the deploy role is scoped to the environment: names with its prefix (dev also its pr-* previews), tag conditions where names are ids', () => {
    const statements = statementsOf(dev, deploy.key).filter((statement) => statement.Effect === 'Allow');
    const writes = statements.filter((statement) => list(statement.Action).some((action) => /:(Create|Delete|Put|Update|Modify|Attach|Pass|Tag|Authorize|Revoke|Allocate|Release|Associate|Replace)/.test(action)));
    const unscoped = writes.filter((statement) => list(statement.Resource).includes('*') && statement.Condition === undefined).map((statement) => statement.Sid);
    // GetAuthorizationToken takes no resource: it logs in to the registry, whose repositories are scoped above.
    expect(unscoped).toEqual([]);
    // What cannot carry the environment's name (ci-deploy-permissions.ts says why): EKS issuers, AWS's service-linked roles, RDS's secret.
    const unnamed = ['RegisterTheClusterIssuers', 'CreateServiceLinkedRoles', 'LetRdsKeepTheMasterPasswordInSecretsManager'];
    const named = writes.filter((statement) => statement.Condition === undefined && !unnamed.includes(statement.Sid!));
    for (const statement of named) {
      for (const resource of list(statement.Resource)) expect([statement.Sid, resource]).toEqual([statement.Sid, expect.stringMatching(/acme-ml-(dev|pr-\*)|acme-terraform-state\/acme-ml\/(dev|pr-\*)/)]);
    }
    const tagged = writes.filter((statement) => statement.Condition?.StringLike !== undefined && Object.keys(statement.Condition.StringLike).some((key) => key.includes('Tag/')));
    expect(tagged.map((statement) => statement.Sid)).toEqual(['CreateTheKeyTagged', 'ManageTheTaggedKey', 'CreateNetworkResourcesTagged', 'ChangeTaggedNetworkResources', 'TagTheClusterNodeGroups']);
    for (const statement of tagged) expect([statement.Sid, Object.values(statement.Condition!.StringLike!)[0]]).toEqual([statement.Sid, ['acme-ml-dev', 'acme-ml-pr-*']]);
    const conditioned = writes.filter((statement) => statement.Condition !== undefined && !tagged.includes(statement)).map((statement) => [statement.Sid, Object.keys(statement.Condition!)]);
    expect(conditioned).toEqual([
      ['TakeTheStateLock', ['ForAllValues:StringLike']],
      ['AttachOnlyTheManagedPoliciesPlinthUses', ['ArnEquals']],
      ['PassThePlatformRolesToEksAndFlowLogs', ['StringEquals']],
      ['CreateServiceLinkedRoles', ['StringEquals']],
      ['TagNetworkResourcesAsTheyAreCreated', ['StringEquals']],
    ]);
    const prodDeploy = statementsOf(prod, roleNamed(prod, 'acme-ml-prod-ci-deploy').key);
    expect(JSON.stringify(prodDeploy)).not.toContain('pr-*');
  });

  it('the deploy role passes only the platform’s roles, to EKS and flow logs, and attaches only the managed policies the foundation uses', () => {
    const statements = statementsOf(dev, deploy.key);
    const pass = statements.find((statement) => list(statement.Action).includes('iam:PassRole'))!;
    expect(list(pass.Resource).every((arn) => /:iam::.*:role\/acme-ml-(dev|pr-\*)(-\*)?$/.test(arn))).toBe(true);
    expect(pass.Condition).toEqual({ StringEquals: { 'iam:PassedToService': ['eks.amazonaws.com', 'vpc-flow-logs.amazonaws.com'] } });
    const managedByAws = Object.values(resources(dev, 'aws_iam_role_policy_attachment')).filter((attachment) => String(attachment.policy_arn).includes(':iam::aws:policy/'));
    expect(managedByAws.length).toBeGreaterThan(3);
    const attached = new Set(managedByAws.map((attachment) => String(attachment.policy_arn).split('/').pop()));
    expect([...attached].filter((policy) => !(ATTACHABLE_MANAGED_POLICIES as readonly string[]).includes(policy!))).toEqual([]);
    expect(statements.find((statement) => statement.Sid === 'AttachOnlyTheManagedPoliciesPlinthUses')!.Condition!.ArnEquals!['iam:PolicyARN']).toHaveLength(ATTACHABLE_MANAGED_POLICIES.length);
  });

  it('the deploy role can never change the CI roles or GitHub’s provider: an explicit deny', () => {
    const deny = statementsOf(dev, deploy.key).find((statement) => statement.Effect === 'Deny')!;
    expect(list(deny.Resource)).toEqual([expect.stringMatching(/role\/acme-ml-dev-ci-plan$/), expect.stringMatching(/role\/acme-ml-dev-ci-deploy$/), expect.stringMatching(/oidc-provider\/token\.actions\.githubusercontent\.com$/)]);
    expect(list(deny.Action)).toEqual(expect.arrayContaining(['iam:Put*', 'iam:Attach*', 'iam:Update*']));
  });

  it('every policy fits IAM’s limits: the plan role’s inline policy 10,240 characters, the deploy role’s managed policies 6,144 each, at most 10', () => {
    expect(documentsOf(dev, plan.key).map(iamLength).reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(10_240);
    const deployDocuments = documentsOf(dev, deploy.key);
    expect(deployDocuments.length).toBeLessThanOrEqual(10);
    for (const document of deployDocuments) expect(iamLength(document)).toBeLessThanOrEqual(6_144);
    expect(Object.keys(resources(dev, 'aws_iam_role_policy')).filter((key) => resources(dev, 'aws_iam_role_policy')[key]!.role === `\${aws_iam_role.${deploy.key}.id}`)).toEqual([]);
  });

  it('the GitHub OIDC provider is created by the first environment of the account and looked up by the others', () => {
    expect(Object.values(resources(dev, 'aws_iam_openid_connect_provider')).filter((p) => p.url === 'https://token.actions.githubusercontent.com')).toEqual([
      expect.objectContaining({ client_id_list: ['sts.amazonaws.com'] }),
    ]);
    expect(Object.values(resources(prod, 'aws_iam_openid_connect_provider')).filter((p) => p.url === 'https://token.actions.githubusercontent.com')).toEqual([]);
    expect(Object.values((prod.data?.aws_iam_openid_connect_provider ?? {}) as Record<string, { url: string }>).map((p) => p.url)).toEqual(['https://token.actions.githubusercontent.com']);
  });

  it('the cluster lets the deploy role administer it and the plan role view everything but Secrets', () => {
    const associations = Object.values(resources(dev, 'aws_eks_access_policy_association')).map((association) => [String(association.principal_arn), String(association.policy_arn).split('/').pop(), association.access_scope]);
    expect(associations).toEqual([
      [expect.stringMatching(/aws_eks_access_entry\..*CiDeployAccess.*\.principal_arn/), 'AmazonEKSClusterAdminPolicy', { type: 'cluster' }],
      [expect.stringMatching(/aws_eks_access_entry\..*CiPlanAccess.*\.principal_arn/), 'AmazonEKSViewPolicy', { type: 'cluster' }],
    ]);
    const entries = Object.values(resources(dev, 'aws_eks_access_entry')).map((entry) => String(entry.principal_arn));
    expect(entries).toEqual([`\${aws_iam_role.${deploy.key}.arn}`, `\${aws_iam_role.${plan.key}.arn}`]);
  });

  it('outputs the roles for the GitHub side, and none where ci is off', () => {
    expect(dev.output!.ci_plan_role!.value).toMatch(/aws_iam_role\..*PlanRole.*\.arn/);
    expect(dev.output!.ci_deploy_role!.value).toMatch(/aws_iam_role\..*DeployRole.*\.arn/);
    expect(dev.output!.ci_workload_identity_provider).toBeUndefined();
    expect(stacks['acme-ml-local-foundation']!.output!.ci_plan_role).toBeUndefined();
    expect(JSON.stringify(stacks['acme-ml-local-foundation'])).not.toContain('githubusercontent');
  });
});

import { DEPLOY_PROJECT_ROLES, GITHUB_ISSUER_URI, PLAN_PROJECT_ROLES } from '../../constructs/gcp/ci-identities';
import type { StackJson } from '../support/synth';
import { configWith, GCP_TEST_CLOUD, synth } from './support/synth-config';

const REPOSITORY = 'acme/ml-platform';

/** The startup blueprint on GCP with `ci` on in dev (its own project) and prod, state in GCS. */
const stacks = synth(
  configWith((config) => {
    config.cloud = { ...GCP_TEST_CLOUD };
    config.capabilities = { ci: true };
    config.ci = { github: { repository: REPOSITORY } };
    config.environments = {
      dev: { cloud: { project: 'acme-ml-dev' }, backend: { type: 'gcs', bucket: 'acme-tf-state' } },
      prod: { production: true, backend: { type: 'gcs', bucket: 'acme-tf-state', prefix: 'prod/acme-ml' } },
    };
  }),
);
const dev = stacks['acme-ml-dev-foundation']!;
const prod = stacks['acme-ml-prod-foundation']!;

function resources(stack: StackJson, type: string): Record<string, Record<string, any>> {
  return (stack.resource?.[type] ?? {}) as Record<string, Record<string, any>>;
}

/** The resource key of the service account with this account id. */
function accountKey(stack: StackJson, accountId: string): string {
  const key = Object.entries(resources(stack, 'google_service_account')).find(([, account]) => account.account_id === accountId)?.[0];
  if (!key) throw new Error(`no service account ${accountId}`);
  return key;
}

function bindingsOf(stack: StackJson, type: string, key: string): Record<string, any>[] {
  return Object.values(resources(stack, type)).filter((binding) => String(binding.member ?? '').includes(`google_service_account.${key}.`) || binding.service_account_id === `\${google_service_account.${key}.name}`);
}

describe('the ci capability on GCP: Workload Identity Federation for GitHub Actions', () => {
  const plan = accountKey(dev, 'acme-ml-dev-ci-plan');
  const deploy = accountKey(dev, 'acme-ml-dev-ci-deploy');

  it('one pool per environment whose provider takes GitHub’s tokens of the repository only, mapping subject, repository and environment', () => {
    const providers = Object.values(resources(dev, 'google_iam_workload_identity_pool_provider'));
    expect(providers).toHaveLength(1);
    expect(providers[0]).toMatchObject({
      project: 'acme-ml-dev',
      oidc: { issuer_uri: GITHUB_ISSUER_URI },
      attribute_condition: `assertion.repository == "${REPOSITORY}"`,
      attribute_mapping: { 'google.subject': 'assertion.sub', 'attribute.repository': 'assertion.repository', 'attribute.environment': expect.stringContaining('assertion.environment') },
    });
    const pools = Object.values(resources(dev, 'google_iam_workload_identity_pool'));
    expect(pools.map((pool) => pool.workload_identity_pool_id)).toEqual(['acme-ml-dev-github']);
    expect(String(pools[0]!.workload_identity_pool_id).length).toBeLessThanOrEqual(32);
  });

  it('the plan account is impersonable only by pull-request jobs; the deploy account only by the GitHub environment of the same name', () => {
    const impersonators = (key: string) => bindingsOf(dev, 'google_service_account_iam_member', key).map((binding) => [binding.role, binding.member]);
    expect(impersonators(plan)).toEqual([['roles/iam.workloadIdentityUser', expect.stringMatching(new RegExp(`^principal://iam\\.googleapis\\.com/\\$\\{google_iam_workload_identity_pool\\.[^}]+\\.name\\}/subject/repo:${REPOSITORY}:pull_request$`))]]);
    expect(impersonators(deploy)).toEqual([['roles/iam.workloadIdentityUser', expect.stringMatching(new RegExp(`/subject/repo:${REPOSITORY}:environment:dev$`))]]);
    const prodDeploy = accountKey(prod, 'acme-ml-prod-ci-deploy');
    expect(bindingsOf(prod, 'google_service_account_iam_member', prodDeploy).map((binding) => binding.member)).toEqual([expect.stringMatching(new RegExp(`/subject/repo:${REPOSITORY}:environment:prod$`))]);
  });

  it('the plan account only reads the project: viewer and security reviewer, nothing that writes', () => {
    expect(bindingsOf(dev, 'google_project_iam_member', plan).map((binding) => binding.role).sort()).toEqual([...PLAN_PROJECT_ROLES].sort());
    expect(PLAN_PROJECT_ROLES.filter((role) => /admin|editor|owner|writer|user$/i.test(role))).toEqual([]);
  });

  it('the plan account reads the environment’s state objects and writes only their lock files; the deploy account writes its state only', () => {
    const state = (key: string) => Object.fromEntries(bindingsOf(dev, 'google_storage_bucket_iam_member', key).map((binding) => [binding.role, binding.condition.expression as string]));
    const planState = state(plan);
    expect(Object.keys(planState).sort()).toEqual(['roles/storage.objectUser', 'roles/storage.objectViewer']);
    expect(planState['roles/storage.objectUser']).toBe(
      '(resource.name.startsWith("projects/_/buckets/acme-tf-state/objects/acme-ml/dev/") && resource.name.endsWith(".tflock")) || ' +
        '(resource.name.startsWith("projects/_/buckets/acme-tf-state/objects/acme-ml/pr-") && resource.name.endsWith(".tflock"))',
    );
    expect(planState['roles/storage.objectViewer']).toContain('api.getAttribute("storage.googleapis.com/objectListPrefix", "").startsWith("acme-ml/dev/")');
    const prodDeploy = accountKey(prod, 'acme-ml-prod-ci-deploy');
    const prodState = Object.fromEntries(bindingsOf(prod, 'google_storage_bucket_iam_member', prodDeploy).map((binding) => [binding.role, binding.condition.expression as string]));
    expect(prodState['roles/storage.objectUser']).toBe('resource.name.startsWith("projects/_/buckets/acme-tf-state/objects/prod/acme-ml/")');
  });

  it('the deploy account holds the project roles a deploy needs, and no basic owner or editor role', () => {
    expect(bindingsOf(dev, 'google_project_iam_member', deploy).map((binding) => binding.role).sort()).toEqual([...DEPLOY_PROJECT_ROLES].sort());
    expect(DEPLOY_PROJECT_ROLES).not.toContain('roles/owner');
    expect(DEPLOY_PROJECT_ROLES).not.toContain('roles/editor');
  });

  it('the deploy account may search the project by labels (roles/cloudasset.viewer), as the scheduled janitor does; the plan account gets no more than viewer', () => {
    expect(bindingsOf(dev, 'google_project_iam_member', deploy).map((binding) => binding.role)).toContain('roles/cloudasset.viewer');
    expect(bindingsOf(dev, 'google_project_iam_member', plan).map((binding) => binding.role)).not.toContain('roles/cloudasset.viewer');
  });

  it('enables the APIs token exchange and impersonation need', () => {
    const apis = Object.values(resources(dev, 'google_project_service')).map((service) => service.service);
    expect(apis).toEqual(expect.arrayContaining(['iam.googleapis.com', 'iamcredentials.googleapis.com', 'sts.googleapis.com']));
  });

  it('outputs both accounts and the provider’s full resource name', () => {
    expect(dev.output!.ci_plan_role!.value).toBe(`\${google_service_account.${plan}.email}`);
    expect(dev.output!.ci_deploy_role!.value).toBe(`\${google_service_account.${deploy}.email}`);
    expect(dev.output!.ci_workload_identity_provider!.value).toMatch(/^\$\{google_iam_workload_identity_pool_provider\..+\.name\}$/);
    expect(prod.output!.ci_workload_identity_provider).toBeDefined();
  });
});

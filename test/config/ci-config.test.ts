import { stringify } from 'yaml';
import { ConfigError } from '../../core/config/problems';
import { parseConfig } from '../../core/config/load';
import { BLUEPRINT_DEFAULTS } from '../../blueprints/defaults-by-name';

const S3_STATE = { type: 's3', bucket: 'acme-terraform-state', dynamodbTable: 'terraform-locks' };

/** A config with `ci` on for dev and its state in S3, changed by `mutate`. */
function config(mutate: (c: Record<string, any>) => void = () => {}): string {
  const c: Record<string, any> = {
    platform: 'acme-ml',
    blueprint: 'startup',
    cloud: { provider: 'aws', region: 'eu-west-1' },
    tags: { owner: 'ml-platform', 'cost-center': 'cc-1' },
    alerts: { emails: ['team@acme.example'] },
    capabilities: { ci: true },
    ci: { github: { repository: 'acme/ml-platform' } },
    environments: { dev: { backend: S3_STATE } },
  };
  mutate(c);
  return stringify(c);
}

function problemsOf(text: string): string[] {
  try {
    parseConfig(text, 'platform.yaml');
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((problem) => `${problem.path}: ${problem.message}`);
    throw error;
  }
  return [];
}

describe('config of the ci capability', () => {
  it('is off in every blueprint and offered by every one', () => {
    for (const [name, defaults] of Object.entries(BLUEPRINT_DEFAULTS)) {
      expect([name, defaults.capabilities.ci]).toEqual([name, false]);
      expect(problemsOf(config((c) => (c.blueprint = name)))).toEqual([]);
    }
  });

  it('on without ci.github.repository is refused, naming the field, the environments and an example', () => {
    expect(problemsOf(config((c) => delete c.ci))).toEqual([
      'ci.github.repository: capability ci is on in environment "dev" but ci.github.repository is missing: name the repository whose workflows plan and deploy, e.g. `ci: { github: { repository: "acme/ml-platform" } }`, or switch capabilities.ci off',
    ]);
    expect(problemsOf(config((c) => ((c.capabilities = {}), delete c.ci, (c.environments.dev.capabilities = { ci: true }))))).toEqual([
      expect.stringMatching(/^ci\.github\.repository: capability ci is on in environment "dev" but/),
    ]);
  });

  it('off needs no repository, and a repository without the capability is harmless', () => {
    expect(problemsOf(config((c) => ((c.capabilities = { ci: false }), delete c.ci)))).toEqual([]);
    expect(problemsOf(config((c) => delete c.capabilities))).toEqual([]);
  });

  it.each([
    ['no owner', 'ml-platform'],
    ['a URL', 'https://github.com/acme/ml-platform'],
    ['a trailing slash', 'acme/ml-platform/'],
    ['a space', 'acme/ml platform'],
    ['a wildcard', 'acme/*'],
  ])('a repository with %s is refused with the expected form', (_what, repository) => {
    expect(problemsOf(config((c) => (c.ci.github.repository = repository)))).toEqual([
      `ci.github.repository: found "${repository}"; must be a GitHub repository "<owner>/<repo>" such as "acme/ml-platform", spelled as GitHub shows it (the OIDC subject is compared case-sensitively)`,
    ]);
  });

  it('an environment with ci on and local state is refused: a runner keeps no state between runs', () => {
    expect(problemsOf(config((c) => (c.environments.sandbox = { backend: { type: 'local' } })))).toEqual([
      expect.stringMatching(/^environments\.sandbox\.backend: capability ci is on in environment "sandbox", whose state is local files: .* set backend to \{ type: s3, bucket, dynamodbTable \}, or switch capabilities\.ci off in "sandbox"$/),
    ]);
    expect(problemsOf(config((c) => (c.environments.sandbox = {})))).toEqual([expect.stringMatching(/^environments\.sandbox\.backend: .*local files \(no backend\)/)]);
    expect(problemsOf(config((c) => (c.environments.sandbox = { capabilities: { ci: false } })))).toEqual([]);
  });

  it('oidcProvider takes create, existing or a GitHub provider ARN, and is refused on GCP', () => {
    for (const choice of ['create', 'existing', 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com']) {
      expect(problemsOf(config((c) => (c.ci.github.oidcProvider = choice)))).toEqual([]);
    }
    expect(problemsOf(config((c) => (c.ci.github.oidcProvider = 'arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC')))).toEqual([
      expect.stringMatching(/^ci\.github\.oidcProvider: .*must be "create", "existing" or the ARN of the account's GitHub OIDC provider/),
    ]);
    const onGcp = config((c) => {
      c.cloud = { provider: 'gcp', project: 'acme-ml-prod', region: 'europe-west4', billingAccount: '01A2B3-C4D5E6-F7A8B9' };
      c.environments.dev.backend = { type: 'gcs', bucket: 'acme-tf-state' };
      c.ci.github.oidcProvider = 'existing';
    });
    expect(problemsOf(onGcp)).toEqual([expect.stringMatching(/^ci\.github\.oidcProvider: applies to AWS only .* cloud\.provider is "gcp"/)]);
  });

  it('unknown keys under ci are refused', () => {
    expect(problemsOf(config((c) => (c.ci.github.repo = 'acme/x')))).toEqual([expect.stringMatching(/^ci\.github\.repo: unknown key "repo"/)]);
  });
});

import { stringify } from 'yaml';
import { STARTUP_DEFAULTS } from '../../blueprints/startup/defaults';
import type { CloudKit, ContinuousDeliverySpec, KubernetesCluster } from '../../constructs/kit';
import { parseConfig } from '../../core/config/load';
import type { PlatformConfig } from '../../core/config/schema';
import { buildCiRoles, ciSpec, oidcProviderOf } from '../../stacks/ci-roles';
import { resolveEnvironment } from '../../stacks/environment';

const S3_STATE = { type: 's3', bucket: 'acme-terraform-state', dynamodbTable: 'terraform-locks' };

function platform(environments: Record<string, unknown>, ci: Record<string, unknown> = {}): PlatformConfig {
  return parseConfig(
    stringify({
      platform: 'acme-ml',
      blueprint: 'startup',
      cloud: { provider: 'aws', region: 'eu-west-1' },
      tags: { owner: 'ml-platform', 'cost-center': 'cc-1' },
      alerts: { emails: ['team@acme.example'] },
      capabilities: { ci: true },
      ci: { github: { repository: 'acme/ml-platform', ...ci } },
      environments,
    }),
    'platform.yaml',
  );
}

const spec = (config: PlatformConfig, name: string) => ciSpec(config, resolveEnvironment(config, name, STARTUP_DEFAULTS));

describe('what the foundation asks the kit for when ci is on', () => {
  it('the GitHub OIDC provider: created by the first ci environment of each account, looked up by the others of that account', () => {
    const config = platform({
      sandbox: { backend: { type: 'local' }, capabilities: { ci: false } },
      dev: { backend: S3_STATE },
      staging: { backend: S3_STATE },
      prod: { production: true, backend: S3_STATE, cloud: { accountId: '210987654321' } },
      'prod-eu': { production: true, backend: S3_STATE, cloud: { accountId: '210987654321' } },
    });
    expect(Object.fromEntries(['dev', 'staging', 'prod', 'prod-eu'].map((name) => [name, oidcProviderOf(config, name)]))).toEqual({
      dev: 'create',
      staging: 'existing',
      prod: 'create',
      'prod-eu': 'existing',
    });
  });

  it('existing or an ARN applies to every environment', () => {
    const arn = 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com';
    expect(oidcProviderOf(platform({ dev: { backend: S3_STATE } }, { oidcProvider: 'existing' }), 'dev')).toBe('existing');
    expect(oidcProviderOf(platform({ dev: { backend: S3_STATE } }, { oidcProvider: arn }), 'dev')).toBe(arn);
  });

  it('a development environment’s deploy role also covers its pr-* previews (names and default state prefix); production covers itself only', () => {
    const config = platform({ dev: { backend: S3_STATE }, prod: { production: true, backend: { ...S3_STATE, keyPrefix: 'states/prod' } } });
    expect(spec(config, 'dev')).toEqual({
      repository: 'acme/ml-platform',
      githubEnvironment: 'dev',
      state: { type: 's3', bucket: 'acme-terraform-state', keyPrefixes: ['acme-ml/dev', 'acme-ml/pr-*'], region: 'eu-west-1', lockTable: 'terraform-locks' },
      previewPatterns: ['acme-ml-pr-*'],
      identityProvider: 'create',
    } satisfies ContinuousDeliverySpec);
    expect(spec(config, 'prod')).toMatchObject({ githubEnvironment: 'prod', previewPatterns: [], state: { keyPrefixes: ['states/prod'] } });
  });

  it('a preview gets no roles of its own: it deploys through its source’s GitHub environment', () => {
    const config = platform({ dev: { backend: S3_STATE }, 'pr-7': { backend: S3_STATE, previewOf: 'dev', expiresAt: '2026-12-04T15:00:00Z' } });
    const kit = { continuousDelivery: () => ({ planRole: 'plan', deployRole: 'deploy' }) } as unknown as CloudKit;
    const granted: unknown[] = [];
    const cluster = { grantContinuousDelivery: (roles: unknown) => granted.push(roles) } as unknown as KubernetesCluster;
    expect(buildCiRoles(kit, cluster, config, resolveEnvironment(config, 'pr-7', STARTUP_DEFAULTS))).toEqual({});
    expect(granted).toEqual([]);
    expect(Object.keys(buildCiRoles(kit, cluster, config, resolveEnvironment(config, 'dev', STARTUP_DEFAULTS)))).toEqual(['ci_plan_role', 'ci_deploy_role']);
    expect(granted).toEqual([{ planRole: 'plan', deployRole: 'deploy' }]);
  });
});

import type { CloudKit, ContinuousDeliverySpec, KubernetesCluster, StateLocation } from '../constructs/kit';
import type { PlatformConfig } from '../core/config/schema';
import { stateKeyPrefix } from './backend';
import type { ResolvedEnvironment } from './environment';

/** A foundation output: what `cdktf deploy` prints, and what the GitHub side is given. */
type Output = { readonly value: string; readonly description: string };

/** The name `plinth preview up` is given in pull requests (`pr-<N>`): previews deploy with their source's deploy role. */
const PREVIEW_NAME_PATTERN = 'pr-*';

/**
 * The `ci` capability of one environment: the kit's plan and deploy roles for GitHub Actions, their access to the
 * environment's cluster, and the outputs the README tells teams to copy into GitHub. None for a preview: it deploys through the GitHub environment, and so
 * with the roles, of the environment it was made from.
 * @returns the outputs, or nothing when the capability is off
 */
export function buildCiRoles(kit: CloudKit, cluster: KubernetesCluster, platform: PlatformConfig, environment: ResolvedEnvironment): Record<string, Output> {
  if (!environment.capabilities.ci || environment.settings.previewOf !== undefined) return {};
  const roles = kit.continuousDelivery('ContinuousDelivery', ciSpec(platform, environment));
  cluster.grantContinuousDelivery(roles);
  const variable = `${environment.name.toUpperCase().replace(/-/g, '_')}`;
  return {
    ci_plan_role: { value: roles.planRole, description: `Role pull-request plans of ${environment.name} take: GitHub repository variable PLINTH_CI_PLAN_ROLE_${variable}` },
    ci_deploy_role: { value: roles.deployRole, description: `Role deploys of ${environment.name} take: variable PLINTH_CI_DEPLOY_ROLE of the GitHub environment "${environment.name}"` },
    ...(roles.workloadIdentityProvider !== undefined && {
      ci_workload_identity_provider: {
        value: roles.workloadIdentityProvider,
        description: `Workload Identity provider GitHub's tokens are exchanged at: GitHub repository variable PLINTH_CI_WORKLOAD_IDENTITY_PROVIDER_${variable}`,
      },
    }),
  };
}

/** What the kit needs: the repository and GitHub environment to trust, the state, the previews, AWS's OIDC provider. */
export function ciSpec(platform: PlatformConfig, environment: ResolvedEnvironment): ContinuousDeliverySpec {
  const github = platform.ci?.github;
  // The config check refuses `ci` on without a repository (core/config/capability-checks.ts).
  if (!github) throw new Error(`environment "${environment.name}": the ci capability is on but ci.github.repository is missing`);
  const previews = !environment.production;
  return {
    repository: github.repository,
    githubEnvironment: environment.name,
    state: stateLocation(platform, environment, previews),
    previewPatterns: previews ? [`${platform.platform}-${PREVIEW_NAME_PATTERN}`] : [],
    identityProvider: oidcProviderOf(platform, environment.name),
  };
}

function stateLocation(platform: PlatformConfig, environment: ResolvedEnvironment, previews: boolean): StateLocation {
  const backend = environment.settings.backend;
  if (backend?.type !== 's3' && backend?.type !== 'gcs') {
    throw new Error(`environment "${environment.name}": the ci capability needs remote state (backend type s3 or gcs), found ${backend?.type ?? 'none'}`);
  }
  const own = stateKeyPrefix(backend, platform.platform, environment.name);
  // A preview keeps its source's backend: under its source's prefix when the config names one, else its own default.
  const previewPrefixes = previews && (backend.type === 's3' ? backend.keyPrefix : backend.prefix) === undefined ? [stateKeyPrefix(backend, platform.platform, PREVIEW_NAME_PATTERN)] : [];
  const prefixes = [own, ...previewPrefixes];
  if (backend.type === 'gcs') return { type: 'gcs', bucket: backend.bucket, prefixes };
  return { type: 's3', bucket: backend.bucket, keyPrefixes: prefixes, region: backend.region ?? environment.region, lockTable: backend.dynamodbTable };
}

/**
 * IAM holds one GitHub provider per account: with `create` (the default) the first environment of the config with
 * `ci` on in each account creates it and the others of that account look it up, so it is applied first. Accounts
 * are told apart by the config's account id and emulator endpoint.
 */
export function oidcProviderOf(platform: PlatformConfig, environmentName: string): string {
  const choice = platform.ci?.github.oidcProvider ?? 'create';
  if (choice !== 'create') return choice;
  const account = (name: string) => {
    const settings = platform.environments[name]!;
    const cloud = platform.cloud.provider === 'aws' ? platform.cloud : undefined;
    return `${settings.cloud?.endpoint ?? cloud?.endpoint ?? ''}|${settings.cloud?.accountId ?? cloud?.accountId ?? ''}`;
  };
  const creator = Object.entries(platform.environments).find(
    ([name, settings]) => settings.previewOf === undefined && (settings.capabilities?.ci ?? platform.capabilities?.ci) === true && account(name) === account(environmentName),
  );
  return creator?.[0] === environmentName ? 'create' : 'existing';
}

import type { EnvironmentContext } from '../constructs/kit';
import type { EnvironmentConfig, PlatformConfig } from '../core/config/schema';

/** Everything about one environment that stacks need, resolved from platform.yaml. */
export interface ResolvedEnvironment {
  readonly name: string;
  readonly settings: EnvironmentConfig;
  readonly context: EnvironmentContext;
  readonly production: boolean;
  readonly region: string;
  readonly endpoint?: string;
  readonly accountId?: string;
  /** Tags applied to every taggable resource. */
  readonly tags: Readonly<Record<string, string>>;
  /** The tag budgets filter on: unique to this platform's environment even in a shared account. */
  readonly costTag: { readonly key: string; readonly value: string };
}

export const COST_TAG_KEY = 'plinth:environment';

export function resolveEnvironment(config: PlatformConfig, name: string): ResolvedEnvironment {
  const settings = config.environments[name];
  if (!settings) throw new Error(`environment "${name}" is not defined in the config (defined: ${Object.keys(config.environments).join(', ')})`);
  const production = settings.production ?? false;
  const namePrefix = `${config.platform}-${name}`;
  const tags: Record<string, string> = {
    ...config.tags,
    environment: name,
    platform: config.platform,
    [COST_TAG_KEY]: namePrefix,
    'managed-by': 'plinth',
    // Lets policy checks of synthesized output or plans apply production rules without the config.
    ...(production ? { 'plinth:production': 'true' } : {}),
    ...(settings.ttl ? { ttl: settings.ttl } : {}),
  };
  const awsCloud = config.cloud.provider === 'aws' ? config.cloud : undefined;
  return {
    name,
    settings,
    production,
    context: { namePrefix, deletionProtection: settings.deletionProtection ?? production },
    region: settings.cloud?.region ?? config.cloud.region,
    endpoint: settings.cloud?.endpoint ?? awsCloud?.endpoint,
    accountId: settings.cloud?.accountId ?? awsCloud?.accountId,
    tags,
    costTag: { key: COST_TAG_KEY, value: namePrefix },
  };
}

import type { Construct } from 'constructs';
import type { EnvironmentContext, NetworkSpec } from '../kit';
import { AwsKit } from './kit';
import { awsProvider } from './provider';

export interface AwsCloudSettings {
  readonly region: string;
  /** Names and protection of the environment. */
  readonly context: EnvironmentContext;
  /** The environment's network, built on first use. */
  readonly network: NetworkSpec;
  /** Emulator endpoint for every AWS API. @default - real AWS */
  readonly endpoint?: string;
  /** @default - the provider's account */
  readonly accountId?: string;
  /** Tags on every taggable resource. */
  readonly tags: Readonly<Record<string, string>>;
  /** Budgets count only costs carrying this tag. */
  readonly costTag: { readonly key: string; readonly value: string };
}

/** Configures a stack for AWS (its provider) and returns the environment's kit that builds into it. */
export function awsCloud(stack: Construct, settings: AwsCloudSettings): AwsKit {
  awsProvider(stack, 'aws', { region: settings.region, endpoint: settings.endpoint, tags: settings.tags });
  return new AwsKit(stack, {
    region: settings.region,
    context: settings.context,
    network: settings.network,
    accountId: settings.accountId,
    tags: settings.tags,
    costTag: settings.costTag,
  });
}

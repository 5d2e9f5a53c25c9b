import type { Construct } from 'constructs';
import type { CloudKit } from '../constructs/kit';
import type { PlatformConfig } from '../core/config/schema';
import type { ResolvedEnvironment } from './environment';

type CloudName = PlatformConfig['cloud']['provider'];

/** Sets a stack up for its cloud (provider, credentials) and returns the environment's kit that builds into it. */
export type CloudSetup = (stack: Construct, environment: ResolvedEnvironment) => CloudKit;

/**
 * Cloud kits by the name platform.yaml uses; the ones still missing are refused before synth. Each loads its
 * provider bindings when first used, so an AWS synth never loads Google's (and the reverse): each costs seconds
 * and hundreds of MB.
 */
export const CLOUD_KITS: Partial<Record<CloudName, CloudSetup>> = {
  aws: (stack, environment) =>
    (require('../constructs/aws/aws-cloud') as typeof import('../constructs/aws/aws-cloud')).awsCloud(stack, {
      region: environment.region,
      context: environment.context,
      network: environment.sizes.network,
      endpoint: environment.endpoint,
      accountId: environment.accountId,
      tags: environment.tags,
      costTag: environment.costTag,
    }),
  gcp: (stack, environment) =>
    (require('../constructs/gcp/gcp-cloud') as typeof import('../constructs/gcp/gcp-cloud')).gcpCloud(stack, {
      project: environment.project!,
      region: environment.region,
      context: environment.context,
      network: environment.sizes.network,
      tags: environment.tags,
      costTag: environment.costTag,
      billingAccount: environment.billingAccount,
    }),
};

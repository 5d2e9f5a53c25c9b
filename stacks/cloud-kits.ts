import type { Construct } from 'constructs';
import { awsCloud } from '../constructs/aws/aws-cloud';
import type { CloudKit } from '../constructs/kit';
import type { PlatformConfig } from '../core/config/schema';
import type { ResolvedEnvironment } from './environment';

type CloudName = PlatformConfig['cloud']['provider'];

/** Sets a stack up for its cloud (provider, credentials) and returns the environment's kit that builds into it. */
export type CloudSetup = (stack: Construct, environment: ResolvedEnvironment) => CloudKit;

/** Cloud kits by the name platform.yaml uses; the ones still missing are refused before synth. */
export const CLOUD_KITS: Partial<Record<CloudName, CloudSetup>> = {
  aws: (stack, environment) =>
    awsCloud(stack, {
      region: environment.region,
      context: environment.context,
      network: environment.sizes.network,
      endpoint: environment.endpoint,
      accountId: environment.accountId,
      tags: environment.tags,
      costTag: environment.costTag,
    }),
};

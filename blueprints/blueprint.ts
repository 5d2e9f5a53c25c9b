import type { Construct } from 'constructs';
import type { CloudKit, EncryptionKey, EnvironmentContext, KubernetesCluster, Network } from '../constructs/kit';
import type { EnvironmentConfig, PlatformConfig } from '../core/config/schema';

/** What a blueprint's foundation hands to the workloads layer. */
export interface Foundation {
  readonly cluster: KubernetesCluster;
  /** Values worth printing after deploy (bucket URI, database endpoint, ...). */
  readonly outputs: Readonly<Record<string, { readonly value: string | number; readonly description: string }>>;
}

/** The environment a blueprint is asked to build, with the config it came from. */
export interface BlueprintEnvironment {
  readonly name: string;
  readonly context: EnvironmentContext;
  readonly settings: EnvironmentConfig;
  readonly platform: PlatformConfig;
}

/**
 * A blueprint is a pure composition: it decides which capabilities an environment gets and how
 * big they are, and asks a cloud kit to build them.
 */
export interface Blueprint {
  readonly name: string;
  readonly description: string;
  foundation<TKey extends EncryptionKey, TNetwork extends Network>(
    scope: Construct,
    kit: CloudKit<TKey, TNetwork>,
    environment: BlueprintEnvironment,
  ): Foundation;
}

import type { Construct } from 'constructs';
import type { CloudKit, KubernetesCluster } from '../constructs/kit';
import type { PlatformConfig } from '../core/config/schema';
import type { ResolvedEnvironment } from '../stacks/environment';
import type { BlueprintDefaults } from './defaults';

/** What every blueprint's foundation hands over: the cluster the workloads stack deploys into, and values worth printing. */
export interface FoundationHandles {
  readonly cluster: KubernetesCluster;
  /** Printed after `cdktf deploy` (bucket URI, database endpoint, ...); the workloads stack reads handles, not these. */
  readonly outputs: Readonly<Record<string, { readonly value: string | number; readonly description: string }>>;
}

/** The environment a blueprint is asked to build: resolved once from the config and the blueprint's defaults. */
export interface BlueprintEnvironment {
  readonly resolved: ResolvedEnvironment;
  readonly platform: PlatformConfig;
}

/**
 * A blueprint is a pure composition in two halves: `foundation` asks a cloud kit for the cloud
 * resources and returns typed handles; `workloads` composes the Kubernetes layer (constructs/k8s)
 * from those handles. The handles' attributes are tokens of the foundation stack, so cdktf turns them
 * into cross-stack references. No resource classes and no "which cloud?" here.
 */
export interface Blueprint<THandles extends FoundationHandles = FoundationHandles> {
  readonly name: string;
  readonly description: string;
  readonly defaults: BlueprintDefaults;
  foundation(kit: CloudKit, environment: BlueprintEnvironment): THandles;
  /**
   * Whether this environment needs cluster-wide controllers whose CRDs the workloads' objects need
   * when Terraform plans them (Argo Rollouts, KEDA); `clusterAddons` then builds them into a stack
   * applied between foundation and workloads. Without them there is no such stack.
   * @default - never
   */
  needsClusterAddons?(environment: BlueprintEnvironment): boolean;
  clusterAddons?(scope: Construct, environment: BlueprintEnvironment, handles: THandles): void;
  workloads(scope: Construct, environment: BlueprintEnvironment, handles: THandles): void;
}

/** A blueprint as the stacks see it: its handles go from its own foundation to its own workloads, nowhere else. */
export interface AnyBlueprint {
  readonly name: string;
  readonly description: string;
  readonly defaults: BlueprintDefaults;
  /** Builds the foundation into the kit's stack and returns the function that builds the workloads from its handles. */
  build(kit: CloudKit, environment: BlueprintEnvironment): BuiltFoundation;
}

/** A built foundation, and how to build the stacks that follow it from its handles. */
export interface BuiltFoundation {
  readonly foundation: FoundationHandles;
  /** Whether this environment has cluster add-ons: then `clusterAddons` builds them. */
  readonly hasClusterAddons: boolean;
  clusterAddons(scope: Construct): void;
  workloads(scope: Construct): void;
}

/** Erases a blueprint's handle type, keeping foundation and workloads paired. */
export function blueprint<THandles extends FoundationHandles>(definition: Blueprint<THandles>): AnyBlueprint {
  return {
    name: definition.name,
    description: definition.description,
    defaults: definition.defaults,
    build(kit, environment) {
      const foundation = definition.foundation(kit, environment);
      return {
        foundation,
        hasClusterAddons: definition.needsClusterAddons?.(environment) ?? false,
        clusterAddons: (scope) => definition.clusterAddons?.(scope, environment, foundation),
        workloads: (scope) => definition.workloads(scope, environment, foundation),
      };
    },
  };
}

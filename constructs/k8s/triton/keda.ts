import scaledObjectSchema from './crds/scaled-object.schema.json';
import { CustomResource } from './custom-resource';

/** A typed KEDA ScaledObject (keda.sh/v1alpha1, KEDA 2.20 as pinned in the Helm catalogue), validated against that CRD (crds/). */
export interface ScaledObjectSpec {
  readonly scaleTargetRef: {
    readonly apiVersion: string;
    readonly kind: string;
    readonly name: string;
  };
  readonly minReplicaCount: number;
  readonly maxReplicaCount: number;
  /** Seconds between two reads of the triggers. */
  readonly pollingInterval?: number;
  /** Seconds every trigger must stay inactive before scaling from minReplicaCount 0 to zero (KEDA's default: 300). */
  readonly cooldownPeriod?: number;
  readonly advanced?: {
    readonly horizontalPodAutoscalerConfig?: {
      readonly behavior?: {
        readonly scaleUp?: { readonly stabilizationWindowSeconds?: number };
        readonly scaleDown?: { readonly stabilizationWindowSeconds?: number };
      };
    };
  };
  readonly triggers: readonly PrometheusTrigger[];
}

export interface PrometheusTrigger {
  /** Names the trigger in KEDA's status and events. */
  readonly name?: string;
  readonly type: 'prometheus';
  /** `Value`: the query's result is compared with the threshold as is, not divided by the replica count. */
  readonly metricType: 'Value' | 'AverageValue';
  readonly metadata: {
    readonly serverAddress: string;
    readonly query: string;
    readonly threshold: string;
    /** With minReplicaCount 0: the value above which the target scales from zero (KEDA's default: "0"). */
    readonly activationThreshold?: string;
  };
}

/** A threshold no wake query reaches: the wake trigger asks for one replica, never more. */
const WAKE_TARGET_NEVER_REACHED = '1000000000';

/**
 * The trigger that wakes a server scaled to zero: with no pod the server exports no metrics, so only
 * its callers' demand (`query`, above 0 while they want it) can. Active while they call, it also keeps
 * one replica; the server's own triggers size the rest.
 */
export function wakeTrigger(serverAddress: string, query: string): PrometheusTrigger {
  return { name: 'callers', type: 'prometheus', metricType: 'Value', metadata: { serverAddress, query, threshold: WAKE_TARGET_NEVER_REACHED, activationThreshold: '0' } };
}

export class ScaledObject extends CustomResource<ScaledObjectSpec> {
  constructor(data: ConstructorParameters<typeof CustomResource<ScaledObjectSpec>>[1]) {
    super(
      {
        apiVersion: 'keda.sh/v1alpha1',
        kind: 'ScaledObject',
        schema: scaledObjectSchema,
      },
      data
    );
  }
}

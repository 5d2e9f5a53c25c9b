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
  readonly advanced?: {
    readonly horizontalPodAutoscalerConfig?: {
      readonly behavior?: {
        readonly scaleUp?: { readonly stabilizationWindowSeconds?: number };
        readonly scaleDown?: { readonly stabilizationWindowSeconds?: number };
      };
    };
  };
  readonly triggers: readonly {
    readonly type: 'prometheus';
    /** `Value`: the query's result is compared with the threshold as is, not divided by the replica count. */
    readonly metricType: 'Value' | 'AverageValue';
    readonly metadata: {
      readonly serverAddress: string;
      readonly query: string;
      readonly threshold: string;
    };
  }[];
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

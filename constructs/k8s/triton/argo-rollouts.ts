import type { IPodTemplateSpec } from 'kubernetes-models/v1/PodTemplateSpec';
import analysisTemplateSchema from './crds/analysis-template.schema.json';
import rolloutSchema from './crds/rollout.schema.json';
import { CustomResource } from './custom-resource';

/**
 * Typed Argo Rollouts objects (argoproj.io/v1alpha1, controller v1.9.0 as pinned in the Helm
 * catalogue), only the fields Plinth sets, validated against the CRDs of that version (crds/).
 */

/** An argument an analysis receives; a Rollout fills it with a pod template hash. */
export interface AnalysisArgument {
  readonly name: string;
  readonly value?: string;
  readonly valueFrom?: { readonly podTemplateHashValue: 'Stable' | 'Latest' };
}

/** One step of a canary: shift weight, or wait. */
export type CanaryStep = { readonly setWeight: number } | { readonly pause: { readonly duration?: string } };

export interface RolloutSpec {
  readonly replicas?: number;
  readonly revisionHistoryLimit?: number;
  readonly selector: { readonly matchLabels: Readonly<Record<string, string>> };
  readonly template: IPodTemplateSpec;
  readonly strategy: {
    readonly canary: {
      readonly stableService: string;
      readonly canaryService: string;
      readonly maxSurge?: number | string;
      readonly maxUnavailable?: number | string;
      readonly steps: readonly CanaryStep[];
      /** Runs from `startingStep` until the rollout completes; a failure aborts it (back to stable). */
      readonly analysis: {
        readonly templates: readonly { readonly templateName: string }[];
        readonly startingStep?: number;
        readonly args: readonly AnalysisArgument[];
      };
    };
  };
}

export class Rollout extends CustomResource<RolloutSpec> {
  constructor(data: ConstructorParameters<typeof CustomResource<RolloutSpec>>[1]) {
    super(
      {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Rollout',
        schema: rolloutSchema,
      },
      data
    );
  }
}

/** A measurement of an analysis, read from Prometheus. */
export interface PrometheusMetric {
  readonly name: string;
  /** Between measurements. */
  readonly interval: string;
  /** Measurements before the first is taken into account (ignored while the canary warms up). */
  readonly initialDelay?: string;
  /** Failed measurements allowed before the analysis fails; one more aborts the rollout. */
  readonly failureLimit: number;
  /** An expr-lang expression on `result` (the query's values). */
  readonly successCondition: string;
  readonly provider: {
    readonly prometheus: { readonly address: string; readonly query: string };
  };
}

export interface AnalysisTemplateSpec {
  readonly args: readonly { readonly name: string }[];
  readonly metrics: readonly PrometheusMetric[];
}

export class AnalysisTemplate extends CustomResource<AnalysisTemplateSpec> {
  constructor(data: ConstructorParameters<typeof CustomResource<AnalysisTemplateSpec>>[1]) {
    super(
      {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'AnalysisTemplate',
        schema: analysisTemplateSchema,
      },
      data
    );
  }
}

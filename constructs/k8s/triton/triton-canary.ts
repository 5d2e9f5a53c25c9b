import type { IPodTemplateSpec } from 'kubernetes-models/v1/PodTemplateSpec';
import { selectorLabels } from '../labels';
import { Rollout, type AnalysisTemplate } from './argo-rollouts';
import { CANARY_HASH_ARG, STABLE_HASH_ARG } from './canary-analysis';
import type { TritonMetadata } from './triton-props';

/** What the canary Rollout is made of: the pod, its two Services, its analysis and the pause after each weight. */
export interface TritonCanary {
  readonly metadata: TritonMetadata;
  readonly template: IPodTemplateSpec;
  readonly stableService: string;
  readonly canaryService: string;
  readonly analysisTemplate: AnalysisTemplate;
  readonly stepPause: string;
}

/**
 * The pods as an Argo Rollouts canary: 5% → 25% → 50% → 100%, a pause after each weight, and the
 * analysis comparing canary with stable from the first pause to the end (a failure aborts the rollout).
 */
export function tritonRollout(canary: TritonCanary): Rollout {
  const pause = { pause: { duration: canary.stepPause } };
  return new Rollout({
    metadata: canary.metadata,
    spec: {
      // No `replicas`: KEDA's autoscaler owns the count, as with PlinthService's Deployment.
      revisionHistoryLimit: 3,
      selector: { matchLabels: selectorLabels(canary.metadata.name) },
      template: canary.template,
      strategy: {
        canary: {
          stableService: canary.stableService,
          canaryService: canary.canaryService,
          // A GPU pod at a time: a surge of several would ask the pool for several GPU nodes at once.
          maxSurge: 1,
          maxUnavailable: 0,
          // No traffic router: a weight is the canary's share of the pods, stable scaled down to match
          // (the controller refuses dynamicStableScale and scaleDownDelaySeconds without one).
          steps: [{ setWeight: 5 }, pause, { setWeight: 25 }, pause, { setWeight: 50 }, pause],
          analysis: {
            templates: [{ templateName: canary.analysisTemplate.metadata.name }],
            startingStep: 1,
            args: [
              {
                name: CANARY_HASH_ARG,
                valueFrom: { podTemplateHashValue: 'Latest' },
              },
              {
                name: STABLE_HASH_ARG,
                valueFrom: { podTemplateHashValue: 'Stable' },
              },
            ],
          },
        },
      },
    },
  });
}

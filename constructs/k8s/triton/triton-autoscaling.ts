import type { Rollout } from './argo-rollouts';
import { ScaledObject, wakeTrigger } from './keda';
import type { TritonMetadata, TritonSizes } from './triton-props';

/**
 * KEDA scales the Rollout on the average time a request waits in Triton's queue, down only after 10
 * quiet minutes; with `minReplicas` 0, to zero after 30 idle minutes, and back up when `wakeQuery`
 * (the callers' demand) rises above 0.
 */
export function tritonScaledObject(
  metadata: TritonMetadata,
  target: Rollout,
  prometheusUrl: string,
  metricsService: string,
  sizes: TritonSizes,
  wakeQuery: string | undefined,
): ScaledObject {
  return new ScaledObject({
    metadata,
    spec: {
      scaleTargetRef: {
        apiVersion: target.apiVersion,
        kind: target.kind,
        name: target.metadata.name,
      },
      minReplicaCount: sizes.minReplicas,
      maxReplicaCount: sizes.maxReplicas,
      pollingInterval: 15,
      // Scale to zero only after 30 idle minutes: the next request waits minutes for a GPU node and the models.
      ...(sizes.minReplicas === 0 ? { cooldownPeriod: 1800 } : {}),
      // A new GPU pod is expensive to start: scale down only after 10 quiet minutes.
      advanced: {
        horizontalPodAutoscalerConfig: {
          behavior: { scaleDown: { stabilizationWindowSeconds: 600 } },
        },
      },
      triggers: [
        {
          type: 'prometheus',
          metricType: 'Value',
          metadata: {
            serverAddress: prometheusUrl,
            query: queueMillisecondsQuery(metadata.namespace, metricsService),
            threshold: String(sizes.targetQueueMilliseconds),
          },
        },
        ...(wakeQuery === undefined ? [] : [wakeTrigger(prometheusUrl, wakeQuery)]),
      ],
    },
  });
}

/** Average milliseconds a request waited in Triton's queue over the last minute, across every pod and model. */
function queueMillisecondsQuery(namespace: string, metricsService: string): string {
  const series = `{namespace="${namespace}", service="${metricsService}"}`;
  return `sum(rate(nv_inference_queue_duration_us${series}[1m])) / 1000 / clamp_min(sum(rate(nv_inference_request_success${series}[1m])) + sum(rate(nv_inference_request_failure${series}[1m])), 1)`;
}

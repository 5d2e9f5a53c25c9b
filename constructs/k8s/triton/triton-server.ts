import type { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import { Construct } from 'constructs';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { PodTemplate } from 'kubernetes-models/v1/PodTemplate';
import { parseImage } from '../image-reference';
import { KubernetesObject, validateOrExplain, type KubernetesModel } from '../kubernetes-object';
import { componentLabels, selectorLabels } from '../labels';
import { serviceAccountFor } from '../service-account';
import type { AnalysisTemplate, Rollout } from './argo-rollouts';
import { canaryAnalysisTemplate, canaryChecks } from './canary-analysis';
import type { ScaledObject } from './keda';
import { tritonScaledObject } from './triton-autoscaling';
import { tritonRollout } from './triton-canary';
import { tritonEgressPolicy, tritonIngressPolicy } from './triton-network';
import { TRITON_IMAGE, TRITON_PORTS, tritonPodTemplate } from './triton-pod';
import { checkedTritonSizes, type TritonMetadata, type TritonServerProps } from './triton-props';
import { tritonServiceMonitor, tritonServiceNames, tritonServices } from './triton-services';

// The construct's public API stays importable from here, where callers have always found it.
export { GPU_TAINT } from '../gpu/gpu-pod-placement';
export { TRITON_IMAGE, TRITON_PORTS } from './triton-pod';
export type { PrometheusEndpoint, TritonServerProps } from './triton-props';

/**
 * Triton Inference Server on the GPU pool as an Argo Rollouts canary: each new server image or model
 * repository takes 5% → 25% → 50% → 100% of the pods while an analysis compares the canary's success
 * rate and p99 latency with the stable version; a failed analysis aborts the rollout and the stable
 * version takes all traffic again. KEDA scales on Triton's queue time. Rollout, AnalysisTemplate and
 * ScaledObject are custom resources: the stack holding this construct is applied after the one that
 * installs the argo-rollouts and keda charts (README.md). The ServiceMonitor is for the monitoring
 * chart's values, like PlinthService's.
 */
export class TritonServer extends Construct {
  readonly name: string;
  /** KServe v2 HTTP API of the stable version: `http://<name>.<namespace>.svc:8000`. */
  readonly url: string;
  /** The canary version only (for smoke tests during a rollout). */
  readonly canaryUrl: string;
  readonly grpcAddress: string;
  readonly rollout: Rollout;
  readonly analysisTemplate: AnalysisTemplate;
  readonly scaledObject: ScaledObject;
  readonly serviceMonitor: ServiceMonitor;

  constructor(scope: Construct, id: string, props: TritonServerProps) {
    super(scope, id);
    const where = `TritonServer ${this.node.path}`;
    const name = props.name ?? 'triton';
    const namespace = props.namespace.name;
    const { image, version } = parseImage(props.image ?? TRITON_IMAGE, where);
    const sizes = checkedTritonSizes(props, name, where);
    const services = tritonServiceNames(name);
    this.name = name;
    this.url = `http://${services.stable}.${namespace}.svc:${TRITON_PORTS.http}`;
    this.canaryUrl = `http://${services.canary}.${namespace}.svc:${TRITON_PORTS.http}`;
    this.grpcAddress = `${services.stable}.${namespace}.svc:${TRITON_PORTS.grpc}`;

    const metadata: TritonMetadata = { name, namespace, labels: componentLabels(name, version) };
    const { inNamespace } = props.namespace;
    const emit = (objectId: string, object: KubernetesModel, dependsOn: KubernetesObject['resource'][] = inNamespace.dependsOn) =>
      new KubernetesObject(this, objectId, object, { dependsOn });

    const account = emit('ServiceAccount', serviceAccountFor(props.identity, namespace, metadata.labels, where));
    const template = tritonPodTemplate(props, name, image, metadata.labels, sizes.gpusPerPod);
    validateOrExplain(new PodTemplate({ metadata: { name, namespace }, template }), `${where}: pod template`);

    const checks = canaryChecks({ namespace, metricsService: services.metrics }, props.canaryThresholds);
    this.analysisTemplate = canaryAnalysisTemplate(services.canary, namespace, metadata.labels, props.prometheus.url, checks);
    this.rollout = tritonRollout({
      metadata,
      template,
      stableService: services.stable,
      canaryService: services.canary,
      analysisTemplate: this.analysisTemplate,
      stepPause: props.canaryStepPause ?? '5m',
    });
    this.scaledObject = tritonScaledObject(metadata, this.rollout, props.prometheus.url, services.metrics, sizes, props.wakeQuery);
    const analysis = emit('AnalysisTemplate', this.analysisTemplate);
    emit('Rollout', this.rollout, [...inNamespace.dependsOn, account.resource, analysis.resource]);
    emit('ScaledObject', this.scaledObject);

    const { stable, canary, metrics } = tritonServices(metadata);
    emit('StableService', stable);
    emit('CanaryService', canary);
    emit('MetricsService', metrics);
    emit(
      'DisruptionBudget',
      new PodDisruptionBudget({
        metadata,
        spec: { maxUnavailable: 1, selector: { matchLabels: selectorLabels(name) }, unhealthyPodEvictionPolicy: 'AlwaysAllow' },
      }),
    );
    emit('IngressPolicy', tritonIngressPolicy(metadata, props.prometheus.namespace));
    emit('EgressPolicy', tritonEgressPolicy(metadata, where));

    this.serviceMonitor = tritonServiceMonitor(metadata, props.prometheus.namespace);
    validateOrExplain(this.serviceMonitor, `${where}: ServiceMonitor "${name}"`);
  }
}

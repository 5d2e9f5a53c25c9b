import { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import { Construct } from 'constructs';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { Service } from 'kubernetes-models/v1/Service';
import { parseImage } from '../image-reference';
import { KubernetesObject, validateOrExplain, type KubernetesModel } from '../kubernetes-object';
import { componentLabels, selectorLabels } from '../labels';
import { egressPolicy } from '../network-allows';
import { serviceAccountFor } from '../service-account';
import { ScaledObject, wakeTrigger, type PrometheusTrigger } from '../triton/keda';
import { vllmPodTemplate, VLLM_IMAGE, VLLM_PORT } from './vllm-pod';
import { checkedVllmSizes, type VllmDeploymentProps, type VllmSizes } from './vllm-props';

/** What a server adds to the common pod: its default name and its own `vllm serve` flags. */
export interface VllmRole {
  readonly defaultName: string;
  readonly args: readonly string[];
  /** What is wrong with the server's own props, reported with the common ones. */
  readonly problems?: readonly string[];
}

/**
 * The parts both vLLM servers share: service account, Deployment on the GPU pool, Service, PDB (with
 * more than one replica), network policies, KEDA ScaledObject on `vllm:num_requests_waiting`, and the
 * ServiceMonitor for the monitoring chart's values (built, not emitted, as PlinthService's).
 * ScaledObject is a custom resource: this stack is applied after the one installing KEDA.
 */
export abstract class VllmDeployment extends Construct {
  readonly name: string;
  readonly modelName: string;
  /** OpenAI-compatible API: `http://<name>.<namespace>.svc:8000/v1`. */
  readonly url: string;
  readonly deployment: Deployment;
  readonly scaledObject: ScaledObject;
  readonly serviceMonitor: ServiceMonitor;

  protected constructor(scope: Construct, id: string, props: VllmDeploymentProps & { readonly name?: string }, role: VllmRole) {
    super(scope, id);
    const where = `${this.constructor.name} ${this.node.path}`;
    const name = props.name ?? role.defaultName;
    const namespace = props.namespace.name;
    const { image, version } = parseImage(props.image ?? VLLM_IMAGE, where);
    const sizes: VllmSizes = checkedVllmSizes(props, name, where, role.problems);
    this.name = name;
    this.modelName = props.modelName;
    this.url = `http://${name}.${namespace}.svc:${VLLM_PORT}/v1`;

    const labels = componentLabels(name, version);
    const selector = selectorLabels(name);
    const metadata = { name, namespace, labels };
    const { inNamespace } = props.namespace;
    const emit = (objectId: string, object: KubernetesModel, dependsOn: KubernetesObject['resource'][] = inNamespace.dependsOn) => new KubernetesObject(this, objectId, object, { dependsOn });

    const account = emit('ServiceAccount', serviceAccountFor(props.identity, namespace, labels, where));
    this.deployment = new Deployment({
      metadata,
      spec: {
        // No `replicas`: KEDA owns the count; Terraform setting it too would undo every scale.
        revisionHistoryLimit: 3,
        selector: { matchLabels: selector },
        // One GPU pod at a time: a surge of several would ask the pool for several GPU nodes at once.
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
        template: vllmPodTemplate({ ...props, name, image, labels, gpusPerPod: sizes.gpusPerPod, args: role.args }),
      },
    });
    emit('Deployment', this.deployment, [...inNamespace.dependsOn, account.resource]);
    this.scaledObject = vllmScaledObject(metadata, props, sizes);
    emit('ScaledObject', this.scaledObject);
    emit(
      'Service',
      new Service({
        metadata,
        spec: { type: 'ClusterIP', selector, ports: [{ name: 'http', port: VLLM_PORT, targetPort: 'http', protocol: 'TCP' }] },
      }),
    );
    // With a single replica, one pod at a time says nothing.
    if (sizes.maxReplicas > 1) {
      emit('DisruptionBudget', new PodDisruptionBudget({ metadata, spec: { maxUnavailable: 1, selector: { matchLabels: selector }, unhealthyPodEvictionPolicy: 'AlwaysAllow' } }));
    }
    const callers = [namespace, ...(props.clientNamespaces ?? []), props.prometheus.namespace];
    emit(
      'IngressPolicy',
      new NetworkPolicy({
        metadata: { ...metadata, name: `${name}-ingress` },
        spec: {
          podSelector: { matchLabels: selector },
          policyTypes: ['Ingress'],
          // The API and /metrics share the port: clients and Prometheus alike.
          ingress: [{ from: [...new Set(callers)].map((ns) => ({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': ns } } })), ports: [{ protocol: 'TCP', port: VLLM_PORT }] }],
        },
      }),
    );
    // The weights are read over the storage API on 443 (and STS for the web identity); nothing else leaves.
    emit('EgressPolicy', egressPolicy(name, namespace, selector, labels, { cloudApis: true }, where)!);
    this.serviceMonitor = new ServiceMonitor({
      metadata: { name, namespace: props.prometheus.namespace, labels },
      spec: {
        selector: { matchLabels: selector },
        namespaceSelector: { matchNames: [namespace] },
        endpoints: [{ port: 'http', path: '/metrics', interval: '15s' }],
      },
    });
    validateOrExplain(this.serviceMonitor, `${where}: ServiceMonitor "${name}"`);
  }
}

/** KEDA scales on the waiting requests of this server's model; with minReplicas 0 the callers' demand wakes it. */
function vllmScaledObject(metadata: { name: string; namespace: string; labels: Record<string, string> }, props: VllmDeploymentProps, sizes: VllmSizes): ScaledObject {
  const waiting: PrometheusTrigger = {
    name: 'requests-waiting',
    type: 'prometheus',
    // Divided by the replicas: one replica per `targetRequestsWaitingPerReplica` waiting requests.
    metricType: 'AverageValue',
    metadata: {
      serverAddress: props.prometheus.url,
      query: requestsWaitingQuery(metadata.namespace, metadata.name, props.modelName),
      threshold: String(sizes.targetRequestsWaitingPerReplica),
      activationThreshold: '0',
    },
  };
  const wake = props.wakeQuery ? [wakeTrigger(props.prometheus.url, props.wakeQuery)] : [];
  return new ScaledObject({
    metadata,
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: metadata.name },
      minReplicaCount: sizes.minReplicas,
      maxReplicaCount: sizes.maxReplicas,
      pollingInterval: 15,
      // Scale to zero only after 30 idle minutes: the next request waits minutes for a GPU node and the weights.
      ...(sizes.minReplicas === 0 ? { cooldownPeriod: 1800 } : {}),
      // A new GPU pod is expensive to start: scale down only after 10 quiet minutes.
      advanced: { horizontalPodAutoscalerConfig: { behavior: { scaleDown: { stabilizationWindowSeconds: 600 } } } },
      triggers: [waiting, ...wake],
    },
  });
}

/** Requests queued in the server's engines, summed over its pods (the ServiceMonitor adds `namespace` and `service`). */
export function requestsWaitingQuery(namespace: string, service: string, modelName: string): string {
  return `sum(vllm:num_requests_waiting{namespace="${namespace}", service="${service}", model_name="${modelName}"})`;
}

import type { ArgoRolloutsValues } from './argo-rollouts-values';
import type { ClusterAutoscalerValues } from './cluster-autoscaler-values';
import type { DcgmExporterValues } from './dcgm-exporter-values';
import type { HelmChart } from './helm-chart';
import type { KedaValues } from './keda-values';
import type { KubePrometheusStackValues } from './kube-prometheus-stack-values';
import type { MetricsServerValues } from './metrics-server-values';
import type { NvidiaDevicePluginValues } from './nvidia-device-plugin-values';
import type { QdrantValues } from './qdrant-values';

const kubePrometheusStack: HelmChart<KubePrometheusStackValues> = {
  chart: 'kube-prometheus-stack',
  repository: 'oci://ghcr.io/prometheus-community/charts',
  version: '88.5.3',
  appVersion: 'prometheus-operator v0.93.1',
  why: 'Prometheus, Alertmanager and Grafana run by the Prometheus operator: scrapes Plinth’s services, evaluates its alert rules, shows its dashboards.',
  valuesReference: 'https://github.com/prometheus-community/helm-charts/blob/kube-prometheus-stack-88.5.3/charts/kube-prometheus-stack/values.yaml',
};

const metricsServer: HelmChart<MetricsServerValues> = {
  chart: 'metrics-server',
  repository: 'https://kubernetes-sigs.github.io/metrics-server',
  version: '3.13.1',
  appVersion: 'metrics-server 0.8.1',
  why: 'The resource metrics API that HorizontalPodAutoscalers read pod CPU and memory from (EKS does not install it).',
  valuesReference: 'https://github.com/kubernetes-sigs/metrics-server/blob/metrics-server-helm-chart-3.13.1/charts/metrics-server/values.yaml',
};

const clusterAutoscaler: HelmChart<ClusterAutoscalerValues> = {
  chart: 'cluster-autoscaler',
  repository: 'https://kubernetes.github.io/autoscaler',
  version: '9.59.0',
  appVersion: 'cluster-autoscaler of the cluster’s Kubernetes minor, 1.30 to 1.35',
  why: 'Resizes the EKS managed node groups to fit pending pods, down to zero GPU nodes when no GPU pod runs.',
  valuesReference: 'https://github.com/kubernetes/autoscaler/blob/cluster-autoscaler-chart-9.59.0/cluster-autoscaler/charts/cluster-autoscaler/values.yaml',
};

const nvidiaDevicePlugin: HelmChart<NvidiaDevicePluginValues> = {
  chart: 'nvidia-device-plugin',
  repository: 'https://nvidia.github.io/k8s-device-plugin',
  version: '0.20.0',
  appVersion: 'k8s-device-plugin 0.20.0',
  why: 'Advertises each GPU node’s GPUs as the `nvidia.com/gpu` resource that GPU pods request.',
  valuesReference: 'https://github.com/NVIDIA/k8s-device-plugin/blob/v0.20.0/deployments/helm/nvidia-device-plugin/values.yaml',
};

const dcgmExporter: HelmChart<DcgmExporterValues> = {
  chart: 'dcgm-exporter',
  repository: 'https://nvidia.github.io/dcgm-exporter/helm-charts',
  version: '4.8.2',
  appVersion: 'dcgm-exporter 4.5.3-4.8.2',
  why: 'Exports GPU utilisation, memory and XID errors per GPU to Prometheus, for the GPU alerts.',
  valuesReference: 'https://github.com/NVIDIA/dcgm-exporter/blob/4.5.3-4.8.2/deployment/values.yaml',
};

const argoRollouts: HelmChart<ArgoRolloutsValues> = {
  chart: 'argo-rollouts',
  repository: 'https://argoproj.github.io/argo-helm',
  version: '2.41.0',
  appVersion: 'argo-rollouts v1.9.0',
  why: 'Canary rollouts of Triton with a Prometheus analysis against the stable version, rolled back by itself when the analysis fails.',
  valuesReference: 'https://github.com/argoproj/argo-helm/blob/argo-rollouts-2.41.0/charts/argo-rollouts/values.yaml',
};

const keda: HelmChart<KedaValues> = {
  chart: 'keda',
  repository: 'https://kedacore.github.io/charts',
  version: '2.20.2',
  appVersion: 'keda 2.20.2',
  why: 'Scales Triton on a Prometheus query of its queue time (a ScaledObject drives the HorizontalPodAutoscaler).',
  valuesReference: 'https://github.com/kedacore/charts/blob/v2.20.2/keda/values.yaml',
};

const qdrant: HelmChart<QdrantValues> = {
  chart: 'qdrant',
  repository: 'https://qdrant.github.io/qdrant-helm',
  version: '1.19.0',
  appVersion: 'qdrant v1.19.0',
  why: 'The vector database of the llm-rag blueprint: replicated, on encrypted volumes, snapshots to the artifact bucket.',
  valuesReference: 'https://github.com/qdrant/qdrant-helm/blob/qdrant-1.19.0/charts/qdrant/values.yaml',
};

/**
 * Every Helm chart Plinth installs, pinned to an exact version. Releases are made only from these
 * entries (`PlinthHelmRelease`), and `plinth helm charts` renders this catalogue into the README. To
 * upgrade a chart: change its version here, read the chart's upgrade notes, re-check its typed values.
 */
export const HELM_CHARTS = { kubePrometheusStack, metricsServer, clusterAutoscaler, nvidiaDevicePlugin, dcgmExporter, argoRollouts, keda, qdrant } as const;

import type { ArgoRolloutsValues } from './argo-rollouts-values';
import type { HelmChart } from './helm-chart';
import type { KedaValues } from './keda-values';
import type { KubePrometheusStackValues } from './kube-prometheus-stack-values';
import type { MetricsServerValues } from './metrics-server-values';

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

/**
 * Every Helm chart Plinth installs, pinned to an exact version. Releases are made only from these
 * entries (`PlinthHelmRelease`), and `plinth helm charts` renders this catalogue into the README. To
 * upgrade a chart: change its version here, read the chart's upgrade notes, re-check its typed values.
 */
export const HELM_CHARTS = { kubePrometheusStack, metricsServer, argoRollouts, keda } as const;

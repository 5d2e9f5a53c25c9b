import type { HelmChart } from './helm-chart';
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

/**
 * Every Helm chart Plinth installs, pinned to an exact version. Releases are made only from these
 * entries (`PlinthHelmRelease`), and `plinth helm charts` renders this catalogue into the README. To
 * upgrade a chart: change its version here, read the chart's upgrade notes, re-check its typed values.
 */
export const HELM_CHARTS = { kubePrometheusStack, metricsServer } as const;

import type { PrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule';
import type { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import { Construct } from 'constructs';
import type { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IResourceRequirements } from 'kubernetes-models/v1/ResourceRequirements';
import { HELM_CHARTS } from '../helm/catalogue';
import type { KubePrometheusStackValues } from '../helm/kube-prometheus-stack-values';
import { PlinthHelmRelease } from '../helm/plinth-helm-release';
import { KubernetesObject } from '../kubernetes-object';
import { PlatformNamespace } from '../platform-namespace';
import { type AlertRuleSet, alertRules } from './alert-rules';
import { type Dashboard, dashboardConfigMap } from './dashboards';
import { monitoringNetworkPolicies } from './network-policies';
import { toAdditionalServiceMonitor } from './service-monitor-values';
import { kubePrometheusStackValues } from './stack-values';

/** The namespace of the monitoring stack. */
export const MONITORING_NAMESPACE = 'plinth-monitoring';

/** Prometheus's HTTP API inside the cluster (the chart names its Service `<release>-prometheus`). */
export const PROMETHEUS_URL = `http://kube-prometheus-stack-prometheus.${MONITORING_NAMESPACE}.svc:9090`;

/** A dashboard of another capability (GPUs, LLM signals) as its ConfigMap in the monitoring namespace, with the stack's labels. */
export type DashboardConfigMap = (namespace: string, labels: Readonly<Record<string, string>>) => ConfigMap;

export interface PrometheusSizing {
  /** How long samples are kept: a Prometheus duration. @default "15d" */
  readonly retention?: string;
  /** Disk for samples in GiB; the oldest samples go when 90% of it is used. @default 10 */
  readonly diskGb?: number;
  /**
   * Storage class of a persistent volume for the samples.
   * @default - an emptyDir of `diskGb`: samples are lost when the pod moves to another node
   */
  readonly storageClassName?: string;
  /** @default 1 */
  readonly replicas?: number;
  /** @default - requests 250m CPU and 1 GiB, limit 2 GiB */
  readonly resources?: IResourceRequirements;
}

export interface MonitoringProps {
  /**
   * ServiceMonitors of Plinth's services, each with the namespace of its Service in
   * `metadata.namespace` (or a `spec.namespaceSelector`). The chart creates them, so no CRD is
   * needed when Terraform plans.
   * @default - none
   */
  readonly serviceMonitors?: readonly ServiceMonitor[];
  /** The drift capability is on: its alert rules and its dashboard are installed. @default false */
  readonly drift?: boolean;
  /** Alert and recording rules of other capabilities (`gpuAlertRules()`), validated PrometheusRules. @default - none */
  readonly prometheusRules?: readonly PrometheusRule[];
  /** Dashboards of other capabilities (`gpuDashboardConfigMap`). @default - none */
  readonly dashboards?: readonly DashboardConfigMap[];
  /**
   * Namespaces whose pods query Prometheus's API on 9090 (Argo Rollouts' analysis and KEDA in
   * kube-system); everything else outside the namespace is refused.
   * @default - none
   */
  readonly queriedFrom?: readonly string[];
  /** @default - see PrometheusSizing */
  readonly prometheus?: PrometheusSizing;
  /** @default - 1 replica, requests 10m CPU and 64 MiB, limit 128 MiB */
  readonly alertmanager?: { readonly replicas?: number; readonly resources?: IResourceRequirements };
  /** @default - requests 100m CPU and 256 MiB, limit 512 MiB */
  readonly grafana?: { readonly resources?: IResourceRequirements };
  /**
   * Where this repository's files can be read, so that each alert's `runbook_url` links to its
   * section of constructs/k8s/monitoring/README.md (`https://github.com/acme/plinth/blob/v1.2.0/`).
   * @default - runbook_url is the README's path in the repository
   */
  readonly runbookBaseUrl?: string;
  /** Labels of the monitoring namespace. @default - none */
  readonly namespaceLabels?: Readonly<Record<string, string>>;
}

const DURATION = /^(\d+(ms|s|m|h|d|w|y))+$/;

/**
 * kube-prometheus-stack (Prometheus, Alertmanager, Grafana, the operator, kube-state-metrics) in its
 * own restricted namespace, scraping Plinth's services through their ServiceMonitors, alerting with
 * Plinth's rules (rules/) and showing Plinth's dashboards (dashboards/). The chart carries the
 * ServiceMonitors and PrometheusRules in its values, so a fresh cluster needs no CRD before the plan.
 */
export class Monitoring extends Construct {
  /** `plinth-monitoring`, where the stack, its policies and the dashboards live. */
  readonly namespace: string;
  /** The alert rules the chart creates, validated. */
  readonly prometheusRules: readonly PrometheusRule[];
  readonly release: PlinthHelmRelease<KubePrometheusStackValues>;

  constructor(scope: Construct, id: string, props: MonitoringProps = {}) {
    super(scope, id);
    const where = `Monitoring ${this.node.path}`;
    const prometheus = {
      retention: props.prometheus?.retention ?? '15d',
      diskGb: props.prometheus?.diskGb ?? 10,
      storageClassName: props.prometheus?.storageClassName,
      replicas: props.prometheus?.replicas ?? 1,
      resources: props.prometheus?.resources ?? { requests: { cpu: '250m', memory: '1Gi' }, limits: { memory: '2Gi' } },
    };
    if (!DURATION.test(prometheus.retention)) {
      throw new Error(`${where}: prometheus.retention "${prometheus.retention}" is not a Prometheus duration; use a number and a unit, such as 15d, 12h or 2w`);
    }
    requireCount(where, 'prometheus.diskGb', prometheus.diskGb);
    requireCount(where, 'prometheus.replicas', prometheus.replicas);
    const alertmanagerReplicas = props.alertmanager?.replicas ?? 1;
    requireCount(where, 'alertmanager.replicas', alertmanagerReplicas);

    const namespace = new PlatformNamespace(this, 'Namespace', { name: MONITORING_NAMESPACE, labels: props.namespaceLabels });
    this.namespace = namespace.name;

    const ruleSets: AlertRuleSet[] = props.drift ? ['services', 'drift'] : ['services'];
    this.prometheusRules = [...ruleSets.map((set) => alertRules(set, props.runbookBaseUrl)), ...(props.prometheusRules ?? [])];
    const duplicateRule = this.prometheusRules.find((rule, index) => this.prometheusRules.findIndex((other) => other.metadata?.name === rule.metadata?.name) !== index);
    if (duplicateRule) throw new Error(`${where}: two PrometheusRules are named "${duplicateRule.metadata?.name}"; the chart keys its rules by name, so names must differ`);
    const monitors = (props.serviceMonitors ?? []).map((monitor) => toAdditionalServiceMonitor(monitor, where));
    const duplicate = monitors.find((monitor, index) => monitors.findIndex((other) => other.name === monitor.name) !== index);
    if (duplicate) throw new Error(`${where}: two ServiceMonitors are named "${duplicate.name}"; the chart creates them in one namespace, so names must differ`);

    const labels = { 'app.kubernetes.io/part-of': 'plinth', 'app.kubernetes.io/managed-by': 'plinth' };
    const scraped = monitors.some((monitor) => monitor.namespaceSelector?.any) ? 'all' : [...new Set(monitors.flatMap((monitor) => monitor.namespaceSelector?.matchNames ?? []))];
    const policies = monitoringNetworkPolicies(this.namespace, labels, scraped, props.queriedFrom ?? []).map(
      (policy) => new KubernetesObject(this, `NetworkPolicy-${policy.metadata!.name}`, policy, namespace.inNamespace),
    );
    const dashboards: Dashboard[] = props.drift ? ['plinth-services', 'plinth-drift'] : ['plinth-services'];
    const configMaps = [...dashboards.map((dashboard) => dashboardConfigMap(dashboard, this.namespace, labels)), ...(props.dashboards ?? []).map((dashboard) => dashboard(this.namespace, labels))];
    for (const configMap of configMaps) new KubernetesObject(this, `Dashboard-${configMap.metadata!.name!.replace(/-dashboard$/, '')}`, configMap, namespace.inNamespace);

    this.release = new PlinthHelmRelease(this, 'KubePrometheusStack', {
      chart: HELM_CHARTS.kubePrometheusStack,
      namespace: this.namespace,
      values: kubePrometheusStackValues({
        namespace: MONITORING_NAMESPACE,
        serviceMonitors: monitors,
        rules: Object.fromEntries(this.prometheusRules.map((rule) => [rule.metadata!.name!, { groups: rule.spec.groups ?? [] }])),
        prometheus,
        alertmanager: { replicas: alertmanagerReplicas, resources: props.alertmanager?.resources ?? { requests: { cpu: '10m', memory: '64Mi' }, limits: { memory: '128Mi' } } },
        grafana: { resources: props.grafana?.resources ?? { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '512Mi' } } },
      }),
      // The namespace and every network policy first: no pod of the stack runs unprotected.
      dependsOn: [...namespace.node.findAll(), ...policies].filter((child) => child instanceof KubernetesObject).map((object) => object.resource),
    });
  }
}

function requireCount(where: string, prop: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) throw new Error(`${where}: ${prop} is ${value}; it must be a whole number of at least 1`);
}

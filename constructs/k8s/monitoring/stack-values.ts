import type { IResourceRequirements } from 'kubernetes-models/v1/ResourceRequirements';
import type { AdditionalPrometheusRule, AdditionalServiceMonitor, KubePrometheusStackValues } from '../helm/kube-prometheus-stack-values';

/** Label and value the Grafana sidecar loads dashboard ConfigMaps by. */
export const DASHBOARD_LABEL = { name: 'grafana_dashboard', value: '1' } as const;
/** Annotation on a dashboard ConfigMap that names its Grafana folder. */
export const DASHBOARD_FOLDER_ANNOTATION = 'grafana_folder';

export interface StackValuesInput {
  readonly namespace: string;
  readonly serviceMonitors: readonly AdditionalServiceMonitor[];
  readonly rules: Readonly<Record<string, AdditionalPrometheusRule>>;
  readonly prometheus: {
    readonly replicas: number;
    readonly retention: string;
    readonly diskGb: number;
    readonly storageClassName?: string;
    readonly resources: IResourceRequirements;
  };
  readonly alertmanager: { readonly replicas: number; readonly resources: IResourceRequirements };
  readonly grafana: { readonly resources: IResourceRequirements };
}

/** kube-prometheus-stack's values for Plinth: what each setting is for is said beside it. */
export function kubePrometheusStackValues(input: StackValuesInput): KubePrometheusStackValues {
  const { prometheus } = input;
  return {
    // Managed control planes (EKS, GKE) expose no controller manager, scheduler, etcd or kube-proxy
    // metrics to pods: scraping them would only raise TargetDown alerts for ever.
    kubeControllerManager: { enabled: false },
    kubeScheduler: { enabled: false },
    kubeEtcd: { enabled: false },
    kubeProxy: { enabled: false },
    // node-exporter needs the host's network, PID namespace and filesystem, which the restricted Pod
    // Security level of the monitoring namespace forbids, and it would be the one privileged pod on
    // every node (GPU nodes included). Node conditions (memory, disk, PID pressure) still come from
    // kube-state-metrics, container usage from the kubelet's cAdvisor.
    nodeExporter: { enabled: false },
    defaultRules: {
      create: true,
      rules: {
        etcd: false,
        kubeControllerManager: false,
        kubeProxy: false,
        kubeSchedulerAlerting: false,
        kubeSchedulerRecording: false,
        node: false,
        nodeExporterAlerting: false,
        nodeExporterRecording: false,
        windows: false,
      },
    },
    additionalPrometheusRulesMap: input.rules,
    // The namespace denies ingress from outside it; the API server calls the operator's admission
    // webhook (which checks PrometheusRules), and the chart's policy lets exactly that port in.
    prometheusOperator: { networkPolicy: { enabled: true }, resources: { requests: { cpu: '50m', memory: '128Mi' }, limits: { memory: '256Mi' } } },
    'kube-state-metrics': { resources: { requests: { cpu: '20m', memory: '64Mi' }, limits: { memory: '256Mi' } } },
    alertmanager: {
      enabled: true,
      alertmanagerSpec: { replicas: input.alertmanager.replicas, resources: input.alertmanager.resources },
    },
    grafana: {
      enabled: true,
      defaultDashboardsEnabled: true,
      resources: input.grafana.resources,
      persistence: { enabled: false },
      // A Role in its own namespace instead of a ClusterRole: dashboards live beside Grafana.
      rbac: { namespaced: true },
      sidecar: {
        dashboards: {
          enabled: true,
          label: DASHBOARD_LABEL.name,
          labelValue: DASHBOARD_LABEL.value,
          searchNamespace: input.namespace,
          folderAnnotation: DASHBOARD_FOLDER_ANNOTATION,
          provider: { foldersFromFilesStructure: true },
        },
      },
    },
    prometheus: {
      prometheusSpec: {
        replicas: prometheus.replicas,
        retention: prometheus.retention,
        // Base-2 units in Prometheus: 90% of the volume leaves room for the write-ahead log.
        retentionSize: `${Math.floor(prometheus.diskGb * 0.9)}GB`,
        resources: prometheus.resources,
        storageSpec: prometheus.storageClassName
          ? {
              volumeClaimTemplate: {
                spec: { storageClassName: prometheus.storageClassName, accessModes: ['ReadWriteOnce'], resources: { requests: { storage: `${prometheus.diskGb}Gi` } } },
              },
            }
          : { emptyDir: { sizeLimit: `${prometheus.diskGb}Gi` } },
        // Select every ServiceMonitor and PrometheusRule, not only those labelled for this release:
        // Plinth's come through this chart today, and later capabilities may bring their own.
        serviceMonitorSelectorNilUsesHelmValues: false,
        podMonitorSelectorNilUsesHelmValues: false,
        ruleSelectorNilUsesHelmValues: false,
        probeSelectorNilUsesHelmValues: false,
        scrapeConfigSelectorNilUsesHelmValues: false,
      },
      additionalServiceMonitors: input.serviceMonitors,
    },
  };
}

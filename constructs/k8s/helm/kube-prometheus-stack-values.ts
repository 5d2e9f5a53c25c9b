import type { IPrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule';
import type { IServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import type { IResourceRequirements } from 'kubernetes-models/v1/ResourceRequirements';

/**
 * The values of kube-prometheus-stack that Plinth sets (the chart's values.yaml documents each; the
 * catalogue entry links the pinned version's). Add a field here before setting it anywhere.
 */
export interface KubePrometheusStackValues {
  readonly crds?: { readonly enabled: boolean };
  readonly defaultRules?: {
    readonly create?: boolean;
    readonly rules?: Readonly<Partial<Record<KubePrometheusStackDefaultRuleGroup, boolean>>>;
  };
  /** PrometheusRule objects the chart creates, by name suffix. */
  readonly additionalPrometheusRulesMap?: Readonly<Record<string, AdditionalPrometheusRule>>;
  readonly kubeControllerManager?: Toggle;
  readonly kubeScheduler?: Toggle;
  readonly kubeEtcd?: Toggle;
  readonly kubeProxy?: Toggle;
  readonly nodeExporter?: Toggle;
  readonly prometheusOperator?: {
    /** The chart's policy for the operator: ingress to its admission webhook port, which the API server calls. */
    readonly networkPolicy?: Toggle;
    readonly resources?: IResourceRequirements;
  };
  readonly 'kube-state-metrics'?: { readonly resources?: IResourceRequirements };
  readonly alertmanager?: {
    readonly enabled?: boolean;
    readonly alertmanagerSpec?: {
      readonly replicas?: number;
      readonly retention?: string;
      readonly resources?: IResourceRequirements;
    };
  };
  readonly grafana?: GrafanaValues;
  readonly prometheus?: {
    readonly prometheusSpec?: PrometheusSpecValues;
    /** ServiceMonitor objects the chart creates in its own namespace. */
    readonly additionalServiceMonitors?: readonly AdditionalServiceMonitor[];
  };
}

interface Toggle {
  readonly enabled: boolean;
}

/** The chart's `defaultRules.rules` switches for the rule groups Plinth turns off. */
export type KubePrometheusStackDefaultRuleGroup =
  | 'etcd'
  | 'kubeControllerManager'
  | 'kubeProxy'
  | 'kubeSchedulerAlerting'
  | 'kubeSchedulerRecording'
  | 'node'
  | 'nodeExporterAlerting'
  | 'nodeExporterRecording'
  | 'windows';

/** An entry of `additionalPrometheusRulesMap`: the chart wraps `groups` in a PrometheusRule. */
export interface AdditionalPrometheusRule {
  readonly additionalLabels?: Readonly<Record<string, string>>;
  readonly groups: NonNullable<IPrometheusRule['spec']['groups']>;
}

/**
 * An entry of `prometheus.additionalServiceMonitors`: a ServiceMonitor's spec with its name and
 * labels beside it (the chart's template passes every spec field of the pinned operator through).
 */
export type AdditionalServiceMonitor = IServiceMonitor['spec'] & {
  readonly name: string;
  readonly additionalLabels?: Readonly<Record<string, string>>;
};

export interface PrometheusSpecValues {
  readonly replicas?: number;
  /** How long samples are kept (`15d`). */
  readonly retention?: string;
  /** Most disk the samples may use (`9GB`); the oldest go first. */
  readonly retentionSize?: string;
  readonly resources?: IResourceRequirements;
  readonly storageSpec?: {
    readonly emptyDir?: { readonly sizeLimit: string };
    readonly volumeClaimTemplate?: {
      readonly spec: {
        readonly storageClassName: string;
        readonly accessModes: readonly string[];
        readonly resources: { readonly requests: { readonly storage: string } };
      };
    };
  };
  /** When false, an empty selector selects every object of that kind instead of the release's own. */
  readonly serviceMonitorSelectorNilUsesHelmValues?: boolean;
  readonly podMonitorSelectorNilUsesHelmValues?: boolean;
  readonly ruleSelectorNilUsesHelmValues?: boolean;
  readonly probeSelectorNilUsesHelmValues?: boolean;
  readonly scrapeConfigSelectorNilUsesHelmValues?: boolean;
}

export interface GrafanaValues {
  readonly enabled?: boolean;
  /** The chart's own dashboards for the cluster (Kubernetes compute resources, Prometheus, Alertmanager…). */
  readonly defaultDashboardsEnabled?: boolean;
  readonly resources?: IResourceRequirements;
  /** Off: dashboards are code and users are few, so Grafana's own database may start empty. */
  readonly persistence?: Toggle;
  readonly sidecar?: {
    readonly dashboards?: {
      readonly enabled: boolean;
      /** ConfigMaps with this label (and `labelValue`) are loaded as dashboards. */
      readonly label: string;
      readonly labelValue: string;
      /** Namespace the sidecar watches; unset or a name, never `ALL` (that needs a ClusterRole). */
      readonly searchNamespace?: string;
      /** Annotation on a ConfigMap naming the Grafana folder its dashboards go into. */
      readonly folderAnnotation?: string;
      readonly provider?: { readonly foldersFromFilesStructure: boolean };
    };
  };
  readonly rbac?: { readonly namespaced: boolean };
}

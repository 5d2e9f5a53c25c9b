import { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import { MONITORING_NAMESPACE, Monitoring, type MonitoringProps } from '../../../../constructs/k8s/monitoring/monitoring';
import { resourcesOf } from '../../../support/construct-synth';
import { helmReleases, synthK8sStack } from '../helm/synth-k8s';

const serviceMonitor = (name: string, port: string) =>
  new ServiceMonitor({
    metadata: { name, namespace: 'plinth', labels: { 'app.kubernetes.io/name': name } },
    spec: { selector: { matchLabels: { 'app.kubernetes.io/name': name } }, endpoints: [{ port, path: '/metrics', interval: '30s' }] },
  });

function synth(props: MonitoringProps = {}) {
  const stack = synthK8sStack((s) => void new Monitoring(s, 'Monitoring', props));
  const release = helmReleases(stack)['kube-prometheus-stack']!;
  const manifests = resourcesOf(stack, 'kubernetes_manifest').map((resource) => resource.manifest);
  return { stack, release, values: release.parsedValues, manifests };
}

describe('Monitoring', () => {
  const { stack, release, values, manifests } = synth({ serviceMonitors: [serviceMonitor('tracking', 'http'), serviceMonitor('drift', 'http')], drift: true });

  it('installs the pinned kube-prometheus-stack into plinth-monitoring, a restricted namespace, after the namespace and its policies', () => {
    expect(release).toMatchObject({ chart: 'kube-prometheus-stack', version: '88.5.3', repository: 'oci://ghcr.io/prometheus-community/charts', atomic: true, namespace: MONITORING_NAMESPACE });
    const namespace = manifests.find((manifest) => manifest.kind === 'Namespace')!;
    expect(namespace.metadata.name).toBe(MONITORING_NAMESPACE);
    expect(namespace.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
    const policyRefs = Object.entries(stack.resource!.kubernetes_manifest!)
      .filter(([, resource]: [string, any]) => ['Namespace', 'NetworkPolicy'].includes(resource.manifest.kind))
      .map(([name]) => `kubernetes_manifest.${name}`);
    expect(policyRefs).toHaveLength(6);
    expect(release.depends_on.sort()).toEqual(policyRefs.sort());
  });

  it('denies every flow but DNS, the namespace’s own pods, HTTPS, and Prometheus’s scrapes of kubelets, CoreDNS and the ServiceMonitors’ namespaces', () => {
    const policies = Object.fromEntries(manifests.filter((m) => m.kind === 'NetworkPolicy').map((m) => [m.metadata.name, m.spec]));
    expect(Object.keys(policies).sort()).toEqual(['allow-dns', 'allow-https-egress', 'allow-within-namespace', 'default-deny', 'prometheus-scrape-egress']);
    expect(policies['default-deny']).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    expect(policies['allow-within-namespace']).toEqual({
      podSelector: {},
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ from: [{ podSelector: {} }] }],
      egress: [{ to: [{ podSelector: {} }] }],
    });
    expect(policies['allow-https-egress'].egress).toEqual([{ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ protocol: 'TCP', port: 443 }] }]);
    expect(policies['prometheus-scrape-egress']).toEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } },
      policyTypes: ['Egress'],
      egress: [
        { to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ protocol: 'TCP', port: 10250 }] },
        { to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }], ports: [{ protocol: 'TCP', port: 9153 }] },
        { to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'plinth' } } }] },
      ],
    });
    // The operator's admission webhook, which the API server calls, is let in by the chart's own policy.
    expect(values.prometheusOperator.networkPolicy).toEqual({ enabled: true });
  });

  it('carries Plinth’s ServiceMonitors in the chart’s values, watching the namespace they were written for', () => {
    expect(values.prometheus.additionalServiceMonitors).toEqual([
      {
        name: 'tracking',
        additionalLabels: { 'app.kubernetes.io/name': 'tracking' },
        selector: { matchLabels: { 'app.kubernetes.io/name': 'tracking' } },
        endpoints: [{ port: 'http', path: '/metrics', interval: '30s' }],
        namespaceSelector: { matchNames: ['plinth'] },
      },
      expect.objectContaining({ name: 'drift', namespaceSelector: { matchNames: ['plinth'] } }),
    ]);
  });

  it('carries the services and drift alert rules in the chart’s values, and Prometheus selects every ServiceMonitor and rule', () => {
    expect(Object.keys(values.additionalPrometheusRulesMap).sort()).toEqual(['plinth-drift', 'plinth-services']);
    const alerts = Object.values(values.additionalPrometheusRulesMap as Record<string, { groups: { rules: { alert: string }[] }[] }>).flatMap((rule) =>
      rule.groups.flatMap((group) => group.rules.map((r) => r.alert)),
    );
    expect(alerts).toEqual(expect.arrayContaining(['PlinthService5xxRatioHigh', 'PlinthDatasetDriftDetected', 'PlinthRetrainingWebhookFailing']));
    expect(values.prometheus.prometheusSpec).toMatchObject({ serviceMonitorSelectorNilUsesHelmValues: false, ruleSelectorNilUsesHelmValues: false, podMonitorSelectorNilUsesHelmValues: false });
  });

  it('keeps samples 15 days on at most 9 GB of a 10 GiB volume, with resources set, Alertmanager on', () => {
    expect(values.prometheus.prometheusSpec).toMatchObject({
      retention: '15d',
      retentionSize: '9GB',
      storageSpec: { emptyDir: { sizeLimit: '10Gi' } },
      resources: { requests: { cpu: '250m', memory: '1Gi' }, limits: { memory: '2Gi' } },
    });
    expect(values.alertmanager).toMatchObject({ enabled: true, alertmanagerSpec: { replicas: 1, resources: { limits: { memory: '128Mi' } } } });
  });

  it('sets no Grafana admin password and loads dashboards with the sidecar from its own namespace', () => {
    expect(release.values[0]).not.toMatch(/adminPassword|existingSecret/);
    expect(values.grafana).toMatchObject({
      enabled: true,
      rbac: { namespaced: true },
      sidecar: { dashboards: { enabled: true, label: 'grafana_dashboard', labelValue: '1', searchNamespace: MONITORING_NAMESPACE } },
    });
  });

  it('runs nothing that needs host access and scrapes no control plane a managed cluster hides', () => {
    expect(values.nodeExporter).toEqual({ enabled: false });
    for (const component of ['kubeControllerManager', 'kubeScheduler', 'kubeEtcd', 'kubeProxy']) expect(values[component]).toEqual({ enabled: false });
    expect(values.defaultRules.rules).toMatchObject({ node: false, nodeExporterAlerting: false, etcd: false });
  });

  it('provisions the services and drift dashboards as ConfigMaps labelled for the sidecar', () => {
    const dashboards = manifests.filter((manifest) => manifest.kind === 'ConfigMap');
    expect(dashboards.map((d) => d.metadata.name).sort()).toEqual(['plinth-drift-dashboard', 'plinth-services-dashboard']);
    for (const dashboard of dashboards) {
      expect(dashboard.metadata.labels.grafana_dashboard).toBe('1');
      expect(dashboard.metadata.annotations.grafana_folder).toBe('Plinth');
      expect(dashboard.metadata.namespace).toBe(release.namespace);
      const [json] = Object.values(dashboard.data as Record<string, string>);
      expect(JSON.parse(json!).uid).toBe(dashboard.metadata.name.replace(/-dashboard$/, ''));
    }
  });

  it('leaves out the drift rules and dashboard when drift is off', () => {
    const off = synth({ serviceMonitors: [serviceMonitor('tracking', 'http')] });
    expect(Object.keys(off.values.additionalPrometheusRulesMap)).toEqual(['plinth-services']);
    expect(off.manifests.filter((m) => m.kind === 'ConfigMap').map((m) => m.metadata.name)).toEqual(['plinth-services-dashboard']);
    expect(off.release.values[0]).not.toMatch(/plinth_drift|plinth_dataset_drift/);
  });

  it('sizes Prometheus from its props, on a persistent volume when given a storage class', () => {
    const { values: sized } = synth({ prometheus: { retention: '30d', diskGb: 50, storageClassName: 'gp3', replicas: 2 } });
    expect(sized.prometheus.prometheusSpec).toMatchObject({
      replicas: 2,
      retention: '30d',
      retentionSize: '45GB',
      storageSpec: { volumeClaimTemplate: { spec: { storageClassName: 'gp3', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '50Gi' } } } } },
    });
  });

  it('links runbooks under runbookBaseUrl', () => {
    const { values: linked } = synth({ runbookBaseUrl: 'https://github.com/acme/plinth/blob/v1.2.0/' });
    const rule = linked.additionalPrometheusRulesMap['plinth-services'].groups[0].rules[0];
    expect(rule.annotations.runbook_url).toBe('https://github.com/acme/plinth/blob/v1.2.0/constructs/k8s/monitoring/README.md#plinthservice5xxratiohigh');
  });

  it('refuses a ServiceMonitor that does not match the operator’s schema, naming it and the path', () => {
    const bad = new ServiceMonitor({ metadata: { name: 'tracking', namespace: 'plinth' }, spec: { selector: {}, endpoints: [{ port: 5000 as unknown as string }] } });
    expect(() => synth({ serviceMonitors: [bad] })).toThrow(/Monitoring workloads\/Monitoring: ServiceMonitor "tracking" does not match the Kubernetes schema:\n {2}spec\.endpoints\[0\]\.port must be string/);
  });

  it('refuses a ServiceMonitor without a namespace, and two with one name', () => {
    const homeless = new ServiceMonitor({ metadata: { name: 'tracking' }, spec: { selector: {}, endpoints: [{ port: 'http' }] } });
    expect(() => synth({ serviceMonitors: [homeless] })).toThrow(
      'Monitoring workloads/Monitoring: ServiceMonitor "tracking" has neither metadata.namespace nor spec.namespaceSelector; say which namespace its Service runs in',
    );
    expect(() => synth({ serviceMonitors: [serviceMonitor('tracking', 'http'), serviceMonitor('tracking', 'metrics')] })).toThrow(
      'Monitoring workloads/Monitoring: two ServiceMonitors are named "tracking"; the chart creates them in one namespace, so names must differ',
    );
  });

  it('refuses a retention that is not a Prometheus duration and a disk of no size', () => {
    expect(() => synth({ prometheus: { retention: '15 days' } })).toThrow(
      'Monitoring workloads/Monitoring: prometheus.retention "15 days" is not a Prometheus duration; use a number and a unit, such as 15d, 12h or 2w',
    );
    expect(() => synth({ prometheus: { diskGb: 0.5 } })).toThrow('Monitoring workloads/Monitoring: prometheus.diskGb is 0.5; it must be a whole number of at least 1');
  });
});

import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { TerraformStack, Testing } from 'cdktf';
import { ClusterAutoscaler } from '../../../../constructs/k8s/cluster-autoscaler';
import { PlatformNamespace } from '../../../../constructs/k8s/platform-namespace';
import { DcgmExporter } from '../../../../constructs/k8s/gpu/dcgm-exporter';
import { NvidiaDevicePlugin } from '../../../../constructs/k8s/gpu/nvidia-device-plugin';
import type { NodeGroupPriorities, WorkloadIdentity } from '../../../../constructs/kit';
import { helmReleases, synthK8sStack } from '../helm/synth-k8s';

const ON_GPU_NODES_ONLY = {
  nodeSelector: { 'plinth.dev/accelerator': 'nvidia', 'nvidia.com/gpu.present': 'true' },
  tolerations: [{ key: 'nvidia.com/gpu', operator: 'Equal', value: 'present', effect: 'NoSchedule' }],
};

describe('the GPU daemons', () => {
  let dcgm!: DcgmExporter;
  const releases = helmReleases(
    synthK8sStack((s) => {
      new NvidiaDevicePlugin(s, 'DevicePlugin');
      dcgm = new DcgmExporter(s, 'Dcgm');
    }),
  );

  it('install the pinned NVIDIA charts in kube-system', () => {
    expect(releases['nvidia-device-plugin']).toMatchObject({ chart: 'nvidia-device-plugin', version: '0.20.0', repository: 'https://nvidia.github.io/k8s-device-plugin', namespace: 'kube-system' });
    expect(releases['dcgm-exporter']).toMatchObject({ chart: 'dcgm-exporter', version: '4.8.2', repository: 'https://nvidia.github.io/dcgm-exporter/helm-charts', namespace: 'kube-system' });
  });

  it('run only on GPU nodes: they select the GPU label, and tolerate the GPU taint only', () => {
    expect(releases['nvidia-device-plugin']!.parsedValues).toMatchObject(ON_GPU_NODES_ONLY);
    expect(releases['dcgm-exporter']!.parsedValues).toMatchObject(ON_GPU_NODES_ONLY);
  });

  it('the device plugin runs without node-feature-discovery, as a node-critical pod with bounded memory', () => {
    expect(releases['nvidia-device-plugin']!.parsedValues).toMatchObject({
      gfd: { enabled: false },
      nfd: { enabled: false },
      priorityClassName: 'system-node-critical',
      resources: { limits: { memory: '128Mi' } },
    });
  });

  it('DCGM is scraped through a ServiceMonitor for the monitoring stack, not the chart’s own (no CRD needed at plan time)', () => {
    expect(releases['dcgm-exporter']!.parsedValues.serviceMonitor).toEqual({ enabled: false });
    expect(dcgm.serviceMonitor.toJSON()).toMatchObject({
      metadata: { name: 'dcgm-exporter', namespace: 'kube-system' },
      spec: {
        selector: { matchLabels: { 'app.kubernetes.io/name': 'dcgm-exporter', 'app.kubernetes.io/instance': 'dcgm-exporter' } },
        endpoints: [{ port: 'metrics', interval: '15s' }],
      },
    });
  });

  it('DCGM runs as root with SYS_ADMIN only (its profiling counters need both), set by Plinth rather than left to the chart', () => {
    expect(releases['dcgm-exporter']!.parsedValues.securityContext).toEqual({ runAsNonRoot: false, runAsUser: 0, capabilities: { add: ['SYS_ADMIN'] } });
  });

  it('the device plugin gets no capability and cannot escalate: it needs host paths, not privileges', () => {
    expect(releases['nvidia-device-plugin']!.parsedValues.securityContext).toEqual({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
  });

  it('refuses a scrape interval that is not a Prometheus duration, naming the construct', () => {
    expect(() => synthK8sStack((s) => new DcgmExporter(s, 'Dcgm', { scrapeInterval: 'often' }))).toThrow(/DcgmExporter workloads\/Dcgm: ServiceMonitor/);
  });
});

describe('where the GPU daemons may run', () => {
  /** Plinth's namespaces in the workloads stack, the daemons in an add-ons stack of the same app, validated as `cdktf synth` does. */
  function validate(namespace: string, only?: 'DevicePlugin' | 'Dcgm'): void {
    const app = Testing.app();
    const workloads = new TerraformStack(app, 'workloads');
    new PlatformNamespace(workloads, 'Serving', { name: 'serving' });
    new PlatformNamespace(workloads, 'Agents', { name: 'agents', podSecurity: 'privileged' });
    const addOns = new TerraformStack(app, 'addons');
    new HelmProvider(addOns, 'helm', { kubernetes: { host: 'https://cluster.example' } });
    if (only !== 'Dcgm') new NvidiaDevicePlugin(addOns, 'DevicePlugin', { namespace });
    if (only !== 'DevicePlugin') new DcgmExporter(addOns, 'Dcgm', { namespace });
    addOns.runAllValidations();
  }

  it('accept kube-system, the default, and a namespace of the cluster’s own', () => {
    expect(() => validate('kube-system')).not.toThrow();
    expect(() => validate('gpu-agents')).not.toThrow();
  });

  it('refuse a restricted Plinth namespace, whose Pod Security Standard would let no pod of theirs run, naming both constructs', () => {
    expect(() => validate('serving')).toThrow(
      /\[addons\/DevicePlugin\] namespace "serving" is Plinth's PlatformNamespace workloads\/Serving: its Pod Security Standard "restricted" refuses a pod that mounts host paths, so the DaemonSet would run no pod; keep the default "kube-system"/,
    );
    expect(() => validate('serving')).toThrow(/\[addons\/Dcgm\] namespace "serving" is Plinth's PlatformNamespace workloads\/Serving: its Pod Security Standard "restricted" refuses a pod that runs as root with SYS_ADMIN/);
  });

  it('a privileged Plinth namespace suits the device plugin, not DCGM, which Prometheus could not scrape through its default deny', () => {
    expect(() => validate('agents', 'DevicePlugin')).not.toThrow();
    expect(() => validate('agents', 'Dcgm')).toThrow(/\[addons\/Dcgm\] namespace "agents" is Plinth's PlatformNamespace workloads\/Agents: its default-deny NetworkPolicy keeps Prometheus from the metrics port/);
  });
});

describe('ClusterAutoscaler', () => {
  const identity: WorkloadIdentity = {
    cloud: 'aws',
    description: 'workload identity kube-system/cluster-autoscaler',
    namespace: 'kube-system',
    serviceAccountName: 'cluster-autoscaler',
    serviceAccountAnnotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/acme-dev-kube-system-cluster-autoscaler' },
  };
  const release = (kubernetesVersion = '1.31', nodeGroupPriorities?: NodeGroupPriorities) =>
    helmReleases(synthK8sStack((s) => new ClusterAutoscaler(s, 'Autoscaler', { identity, clusterName: 'acme-dev', region: 'eu-west-1', kubernetesVersion, nodeGroupPriorities })))[
      'cluster-autoscaler'
    ]!;

  it('installs the pinned chart in its identity’s namespace, running as that identity’s service account', () => {
    const autoscaler = release();
    expect(autoscaler).toMatchObject({ chart: 'cluster-autoscaler', version: '9.59.0', repository: 'https://kubernetes.github.io/autoscaler', namespace: 'kube-system' });
    expect(autoscaler.parsedValues.rbac.serviceAccount).toEqual({ create: true, name: 'cluster-autoscaler', annotations: identity.serviceAccountAnnotations });
  });

  it('discovers the cluster’s node groups by tag, in its region, with the release of the cluster’s Kubernetes minor', () => {
    expect(release().parsedValues).toMatchObject({ cloudProvider: 'aws', awsRegion: 'eu-west-1', autoDiscovery: { clusterName: 'acme-dev' }, image: { tag: 'v1.31.5' } });
    expect(release('1.33').parsedValues.image).toEqual({ tag: 'v1.33.6' });
  });

  it('runs as a non-root user with a read-only root and no capabilities', () => {
    expect(release().parsedValues).toMatchObject({
      securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
      containerSecurityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
    });
  });

  it('refuses a Kubernetes version it has no release for, listing the ones it has', () => {
    expect(() => release('1.29')).toThrow(/ClusterAutoscaler workloads\/Autoscaler: kubernetesVersion "1\.29" has no cluster-autoscaler release here; supported minors are 1\.30, 1\.31, .*1\.35/);
  });

  describe('node group priorities', () => {
    const priorities = { 20: ['^eks-gpu-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'], 10: ['.*'] };

    it('chains the priority expander before least waste, and hands the chart the priorities for its ConfigMap', () => {
      const withPriorities = release('1.31', priorities).parsedValues;
      // The chart writes `cluster-autoscaler-priority-expander` in the release's namespace, and lets the
      // autoscaler read it, only when `priority` is one of the expanders.
      expect(withPriorities.extraArgs.expander.split(',')).toEqual(['priority', 'least-waste']);
      expect(withPriorities.expanderPriorities).toEqual({ '10': ['.*'], '20': priorities[20] });
    });

    it('gives up on a group that has not provisioned a node within 5 minutes, instead of 15, so the fallback starts sooner', () => {
      expect(release('1.31', priorities).parsedValues.extraArgs['max-node-provision-time']).toBe('5m');
    });

    it('without priorities, keeps least waste and the autoscaler’s own provision time', () => {
      const plain = release().parsedValues;
      expect(plain.extraArgs).toEqual({ expander: 'least-waste', 'skip-nodes-with-local-storage': false });
      expect(plain).not.toHaveProperty('expanderPriorities');
    });

    it('refuses priorities the expander would reject, naming each problem and the construct', () => {
      expect(() => release('1.31', {})).toThrow(/ClusterAutoscaler workloads\/Autoscaler: nodeGroupPriorities is empty; leave it out to grow any fitting group/);
      let message = '';
      try {
        release('1.31', { 0: ['.*'], 5: [], 7: ['^eks-(gpu-'] });
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toMatch(/priority "0" must be a whole number of at least 1/);
      expect(message).toMatch(/priority 5 lists no pattern/);
      expect(message).toMatch(/priority 7: "\^eks-\(gpu-" is not a regular expression/);
    });
  });
});

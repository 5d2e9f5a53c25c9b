import { Construct } from 'constructs';
import { HELM_CHARTS } from '../helm/catalogue';
import type { NvidiaDevicePluginValues } from '../helm/nvidia-device-plugin-values';
import { PlinthHelmRelease } from '../helm/plinth-helm-release';
import { nvidiaGpuNodePlacement } from './gpu-node-placement';
import { refusePlinthNamespaces } from './host-agent-namespace';

export interface NvidiaDevicePluginProps {
  /**
   * Where the plugin runs: it is node-critical and mounts host paths (the kubelet's device-plugin
   * socket directory, /var/run/cdi), so kube-system or a privileged namespace; a PlatformNamespace
   * below `privileged` is refused at synth.
   * @default "kube-system"
   */
  readonly namespace?: string;
}

/**
 * NVIDIA's device plugin as a DaemonSet on GPU nodes only: it tells the kubelet how many GPUs the node
 * has, so pods can request `nvidia.com/gpu` and the cluster autoscaler sees a new node's GPUs arrive.
 * The AL2023 NVIDIA image already has the driver and container toolkit, so the GPU operator is not needed.
 */
export class NvidiaDevicePlugin extends Construct {
  readonly release: PlinthHelmRelease<NvidiaDevicePluginValues>;

  constructor(scope: Construct, id: string, props: NvidiaDevicePluginProps = {}) {
    super(scope, id);
    const namespace = props.namespace ?? 'kube-system';
    refusePlinthNamespaces(this, namespace, { pod: 'mounts host paths', scraped: false });
    this.release = new PlinthHelmRelease(this, 'Release', {
      chart: HELM_CHARTS.nvidiaDevicePlugin,
      namespace,
      values: {
        ...nvidiaGpuNodePlacement(),
        gfd: { enabled: false },
        nfd: { enabled: false },
        priorityClassName: 'system-node-critical',
        resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '128Mi' } },
        // What the chart picks without MIG or CPU-manager compatibility, stated so that turning either
        // on later cannot make the plugin privileged unseen: it needs host paths, not capabilities.
        securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
      },
    });
  }
}

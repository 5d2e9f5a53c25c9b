import { Construct } from 'constructs';
import { HELM_CHARTS } from '../helm/catalogue';
import type { NvidiaDevicePluginValues } from '../helm/nvidia-device-plugin-values';
import { PlinthHelmRelease } from '../helm/plinth-helm-release';
import { nvidiaGpuNodePlacement } from './gpu-node-placement';

export interface NvidiaDevicePluginProps {
  /** @default "kube-system": the daemon is node-critical and needs host access */
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
    this.release = new PlinthHelmRelease(this, 'Release', {
      chart: HELM_CHARTS.nvidiaDevicePlugin,
      namespace: props.namespace ?? 'kube-system',
      values: {
        ...nvidiaGpuNodePlacement(),
        gfd: { enabled: false },
        nfd: { enabled: false },
        priorityClassName: 'system-node-critical',
        resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '128Mi' } },
      },
    });
  }
}

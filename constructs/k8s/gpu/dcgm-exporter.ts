import { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import { Construct } from 'constructs';
import type { DcgmExporterValues } from '../helm/dcgm-exporter-values';
import { HELM_CHARTS } from '../helm/catalogue';
import { PlinthHelmRelease } from '../helm/plinth-helm-release';
import { validateOrExplain } from '../kubernetes-object';
import { nvidiaGpuNodePlacement } from './gpu-node-placement';
import { refusePlinthNamespaces } from './host-agent-namespace';

export interface DcgmExporterProps {
  /**
   * Where the exporter runs: it needs root and SYS_ADMIN and is scraped, so kube-system or a privileged
   * namespace of the cluster's own; a PlatformNamespace (Pod Security Standard, default deny) is refused at synth.
   * @default "kube-system"
   */
  readonly namespace?: string;
  /** @default "15s" */
  readonly scrapeInterval?: string;
}

/**
 * NVIDIA's DCGM exporter as a DaemonSet on GPU nodes only, exporting per-GPU utilisation, memory and
 * XID errors (the chart's default counters include DCGM_FI_DEV_GPU_UTIL, DCGM_FI_DEV_FB_USED,
 * DCGM_FI_DEV_FB_FREE and DCGM_FI_DEV_XID_ERRORS, which gpu-alert-rules.ts reads). Its ServiceMonitor
 * is handed to the monitoring stack (`Monitoring`'s `serviceMonitors`), whose chart creates it, so
 * no CRD is needed at plan time.
 */
export class DcgmExporter extends Construct {
  readonly release: PlinthHelmRelease<DcgmExporterValues>;
  /** Give this to `Monitoring`'s `serviceMonitors`. */
  readonly serviceMonitor: ServiceMonitor;

  constructor(scope: Construct, id: string, props: DcgmExporterProps = {}) {
    super(scope, id);
    const namespace = props.namespace ?? 'kube-system';
    const releaseName = HELM_CHARTS.dcgmExporter.chart;
    refusePlinthNamespaces(this, namespace, { pod: 'runs as root with SYS_ADMIN', scraped: true });
    this.release = new PlinthHelmRelease(this, 'Release', {
      chart: HELM_CHARTS.dcgmExporter,
      namespace,
      releaseName,
      values: {
        ...nvidiaGpuNodePlacement(),
        serviceMonitor: { enabled: false },
        priorityClassName: 'system-node-critical',
        resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '512Mi' } },
        // The chart's default, stated here so a chart upgrade cannot change it unseen: DCGM reads the
        // profiling counters (DCP) only as root with SYS_ADMIN; no other capability is added.
        securityContext: { runAsNonRoot: false, runAsUser: 0, capabilities: { add: ['SYS_ADMIN'] } },
      },
    });
    this.serviceMonitor = new ServiceMonitor({
      metadata: { name: releaseName, namespace },
      spec: {
        // The chart's selector labels of its Service.
        selector: { matchLabels: { 'app.kubernetes.io/name': releaseName, 'app.kubernetes.io/instance': releaseName } },
        endpoints: [{ port: 'metrics', interval: props.scrapeInterval ?? '15s', honorLabels: false }],
      },
    });
    validateOrExplain(this.serviceMonitor, `DcgmExporter ${this.node.path}: ServiceMonitor`);
  }
}

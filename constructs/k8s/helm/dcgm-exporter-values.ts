import type { IResourceRequirements } from 'kubernetes-models/v1/ResourceRequirements';
import type { ISecurityContext } from 'kubernetes-models/v1/SecurityContext';
import type { GpuNodePlacementValues } from './gpu-daemon-values';

/** The values of dcgm-exporter that Plinth sets (the chart's values.yaml documents each). */
export interface DcgmExporterValues extends GpuNodePlacementValues {
  /** The chart's own ServiceMonitor; Plinth gives its monitor to the monitoring stack instead. */
  readonly serviceMonitor?: { readonly enabled: boolean };
  readonly service?: { readonly port?: number };
  readonly resources?: IResourceRequirements;
  readonly priorityClassName?: string;
  /** The exporter container's security context (the chart's default: root with SYS_ADMIN). */
  readonly securityContext?: ISecurityContext;
}

import type { IResourceRequirements } from 'kubernetes-models/v1/ResourceRequirements';
import type { ISecurityContext } from 'kubernetes-models/v1/SecurityContext';
import type { GpuNodePlacementValues } from './gpu-daemon-values';

/** The values of nvidia-device-plugin that Plinth sets (the chart's values.yaml documents each). */
export interface NvidiaDevicePluginValues extends GpuNodePlacementValues {
  /** GPU feature discovery and its node-feature-discovery dependency: off, the pools carry their labels. */
  readonly gfd?: { readonly enabled: boolean };
  readonly nfd?: { readonly enabled: boolean };
  readonly resources?: IResourceRequirements;
  readonly priorityClassName?: string;
  /** The plugin container's security context; when empty the chart picks one from the MIG and CPU-manager settings. */
  readonly securityContext?: ISecurityContext;
}

/** The two Terraform stacks of every environment. */
export const LAYERS = ['foundation', 'workloads'] as const;
export type Layer = (typeof LAYERS)[number];

/** `<platform>-<env>-<layer>`: the name `cdktf deploy` takes. */
export function stackName(platform: string, environment: string, layer: Layer): string {
  return `${platform}-${environment}-${layer}`;
}

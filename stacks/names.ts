/** The Terraform stacks of an environment, in apply order; `addons` only when its blueprint has cluster add-ons. */
export const LAYERS = ['foundation', 'addons', 'workloads'] as const;
export type Layer = (typeof LAYERS)[number];

/** `<platform>-<env>-<layer>`: the name `cdktf deploy` takes. */
export function stackName(platform: string, environment: string, layer: Layer): string {
  return `${platform}-${environment}-${layer}`;
}

import type { NodeGroupPriorities } from '../kit';

/**
 * Priorities of the cluster autoscaler's `priority` expander: spot groups that have an on-demand
 * fallback first, every other group (their fallbacks included) after them. The expander drops a
 * group that no pattern matches, so the catch-all keeps every other pool usable; a group matching
 * several patterns counts at its highest priority, which is why the catch-all is the lowest.
 */
export const SPOT_FIRST_PRIORITY = 20;
export const EVERY_OTHER_GROUP_PRIORITY = 10;

/**
 * The autoscaling group EKS creates for a managed node group is `eks-<node group name>-<uuid>` (the
 * node group's id). The pattern matches that name and nothing else: anchored, and with the whole
 * uuid, so `gpu` does not also match the groups of `gpu-on-demand` or `gpu-llm`. Node group names
 * are lower-case letters, digits and `-` (EksNodePool checks), none of them special in a pattern.
 */
export function managedNodeGroupAsgPattern(nodeGroupName: string): string {
  return `^eks-${nodeGroupName}-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`;
}

/**
 * The expander's priorities when `spotNodeGroupNames` have on-demand fallbacks: those spot groups
 * first. Undefined when there are none: the autoscaler then needs no priority expander at all.
 */
export function spotFirstPriorities(spotNodeGroupNames: readonly string[]): NodeGroupPriorities | undefined {
  if (spotNodeGroupNames.length === 0) return undefined;
  return {
    [SPOT_FIRST_PRIORITY]: spotNodeGroupNames.map(managedNodeGroupAsgPattern),
    [EVERY_OTHER_GROUP_PRIORITY]: ['.*'],
  };
}

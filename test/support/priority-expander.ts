import { randomUUID } from 'node:crypto';

/**
 * The priority a cluster autoscaler's `priority` expander gives a node group (expander/priority/priority.go):
 * the highest priority with a pattern found anywhere in the group's name (Go's FindStringIndex, an
 * unanchored search like RegExp.test), or undefined when none matches and the expander drops the group.
 */
export function expanderPriority(priorities: Readonly<Record<string, readonly string[]>>, groupName: string): number | undefined {
  const matching = Object.entries(priorities)
    .filter(([, patterns]) => patterns.some((pattern) => new RegExp(pattern).test(groupName)))
    .map(([priority]) => Number(priority));
  return matching.length > 0 ? Math.max(...matching) : undefined;
}

/**
 * The name of the autoscaling group EKS creates for managed node group `nodeGroupName`:
 * `eks-<name>-<uuid of the node group>`. EKS's uuids need not be version 4, hence a fixed non-v4
 * one beside a random one.
 */
export function eksAsgNames(nodeGroupName: string): string[] {
  return [`eks-${nodeGroupName}-${randomUUID()}`, `eks-${nodeGroupName}-04c6b8e1-59a2-d3f7-1b0e-8a9c7d6e5f41`];
}

import type { StackJson } from '../../support/synth';

/** Resources of one type in a synthesized stack, by name. */
export function resources(stack: StackJson, type: string): Record<string, any> {
  return (stack.resource?.[type] ?? {}) as Record<string, any>;
}

/** The Kubernetes objects of a stack, as `Kind/namespace/name` → manifest. */
export function objects(stack: StackJson): Record<string, any> {
  return Object.fromEntries(
    Object.values(resources(stack, 'kubernetes_manifest')).map(({ manifest }) => [`${manifest.kind}/${manifest.metadata.namespace ?? ''}/${manifest.metadata.name}`, manifest]),
  );
}

/** The Helm releases of a stack, by release name. */
export function releases(stack: StackJson): Record<string, any> {
  return Object.fromEntries(Object.values(resources(stack, 'helm_release')).map((release) => [release.name, release]));
}

/** Every statement of the inline policies of the one IAM role whose name ends with `roleNameSuffix`. */
export function roleStatements(stack: StackJson, roleNameSuffix: string): any[] {
  const roles = Object.entries(resources(stack, 'aws_iam_role')).filter(([, role]) => String(role.name).endsWith(roleNameSuffix));
  if (roles.length !== 1) throw new Error(`expected one role named *${roleNameSuffix}, found ${roles.map(([, role]) => role.name).join(', ') || 'none'}`);
  const [id] = roles[0]!;
  return Object.values(resources(stack, 'aws_iam_role_policy'))
    .filter((policy) => String(policy.role).includes(`aws_iam_role.${id}.`))
    .flatMap((policy) => JSON.parse(policy.policy).Statement);
}

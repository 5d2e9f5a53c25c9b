/**
 * What the AWS API emulator (moto 5.2) cannot do with the resources Plinth makes. A stack deployed
 * to an emulated environment (`cloud.endpoint`) is applied without these types and what refers to
 * them, and loses the undeletable ones from its state before destroy; real AWS gets every resource.
 * The emulator end-to-end test proves each gap is still only a gap (validated, never skipped
 * silently) with the same lists.
 */

/** Resource types the emulator cannot create, with why. */
export const EMULATOR_GAPS: Readonly<Record<string, string>> = {
  aws_budgets_budget: 'moto 5.2 does not implement Budgets DescribeSubscribersForNotification, which the provider polls after creating alert subscribers',
  aws_autoscaling_group_tag: 'moto 5.2 creates no Auto Scaling group for an EKS managed node group, so the node-template tags have nothing to tag (the provider waits for the group)',
  aws_elasticache_parameter_group: 'moto 5.2 has no CreateCacheParameterGroup (the provider waits for a group that never appears)',
  aws_elasticache_user_group: 'moto 5.2 has no ElastiCache user groups',
  aws_elasticache_user_group_association: 'moto 5.2 has no ElastiCache user groups',
  aws_elasticache_replication_group: 'needs its parameter group and user group (above); moto 5.2 also lacks ModifyReplicationGroup',
  aws_eks_addon: 'moto 5.2 has no EKS add-on API (the EBS CSI driver for Qdrant’s volumes)',
};

/** Resource types the emulator creates but cannot delete: left to the emulator (forgotten by the state) at destroy. */
export const EMULATOR_DESTROY_GAPS: Readonly<Record<string, string>> = {
  aws_sagemaker_model_package_group: 'moto 5.2 has no DeleteModelPackageGroup; the provider would retry until its timeout',
  aws_elasticache_subnet_group: 'moto 5.2 does not delete cache subnet groups; the provider waits until its timeout',
};

/** The part of a synthesized stack these functions read. */
export interface StackResources {
  readonly resource?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

/** Terraform addresses (`type.name`) of every resource in a stack. */
export function resourceAddresses(stack: StackResources): string[] {
  return Object.entries(stack.resource ?? {}).flatMap(([type, byName]) => Object.keys(byName).map((name) => `${type}.${name}`));
}

/**
 * Resources that refer to any of `addresses`, directly or through each other (`${type.name.attr}`
 * or `depends_on`): what `terraform apply -target` would drag those addresses in with.
 */
export function dependentsOf(stack: StackResources, addresses: readonly string[]): string[] {
  const bodies = new Map(
    resourceAddresses(stack).map((address) => {
      const [type, name] = address.split('.') as [string, string];
      return [address, JSON.stringify(stack.resource![type]![name])] as const;
    }),
  );
  const blocked = new Set(addresses);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [address, body] of bodies) {
      if (blocked.has(address)) continue;
      if ([...blocked].some((target) => body.includes(`\${${target}.`) || body.includes(`"${target}"`))) {
        blocked.add(address);
        grew = true;
      }
    }
  }
  return [...blocked].filter((address) => !addresses.includes(address));
}

/** What an emulated apply leaves out of a stack: the gaps and everything that refers to them. */
export interface EmulatorPlan {
  /** Addresses to apply with `-target` (every other resource). */
  readonly targets: readonly string[];
  readonly gaps: readonly string[];
  readonly blockedByGaps: readonly string[];
}

export function emulatorPlan(stack: StackResources): EmulatorPlan {
  const all = resourceAddresses(stack);
  const gaps = all.filter((address) => address.split('.')[0]! in EMULATOR_GAPS);
  const blockedByGaps = dependentsOf(stack, gaps);
  return { targets: all.filter((address) => !gaps.includes(address) && !blockedByGaps.includes(address)), gaps, blockedByGaps };
}

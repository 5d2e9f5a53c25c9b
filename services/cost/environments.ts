import type { Resource } from '../../policies/engine/model';
import { asBlocks, asNumber, attr, isObject, isPresent } from '../../policies/engine/values';
import type { EnvironmentFacts } from './model';
import type { Cloud } from './prices/price-table';
import type { StackInput } from './stack-input';

/** The stacks of one environment, with what pricing needs to know about it. */
export interface EnvironmentInput extends EnvironmentFacts {
  readonly stacks: readonly StackInput[];
}

/**
 * Groups stacks by environment: a stack with a cloud provider (the foundation) starts one, and every
 * stack that depends on it (add-ons, workloads) joins it. A stack with neither is its own group.
 */
export function groupByEnvironment(stacks: readonly StackInput[]): EnvironmentInput[] {
  const roots = stacks.filter((stack) => cloudOf(stack) !== undefined);
  const members = new Map<StackInput, StackInput[]>(roots.map((root) => [root, [root]]));
  const loose: StackInput[] = [];
  for (const stack of stacks) {
    if (members.has(stack)) continue;
    const root = roots.find((candidate) => stack.dependencies.includes(candidate.name));
    if (root) members.get(root)!.push(stack);
    else loose.push(stack);
  }
  return [...[...members.values()].map(describeEnvironment), ...loose.map((stack) => describeEnvironment([stack]))].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function describeEnvironment(stacks: StackInput[]): EnvironmentInput {
  const root = stacks[0]!;
  const cloud = cloudOf(root);
  const provider = root.providers.find((p) => p.key === (cloud === 'gcp' ? 'google' : 'aws'))?.values ?? {};
  const tags = cloud === 'gcp' ? provider.default_labels : attr(provider, 'default_tags.tags');
  const id = root.name.replace(/-foundation$/, '');
  const tagged = isObject(tags) && typeof tags.environment === 'string' ? tags.environment : undefined;
  return {
    name: tagged ?? id,
    id,
    cloud,
    region: typeof provider.region === 'string' ? provider.region : undefined,
    emulator: cloud === 'aws' && asBlocks(provider.endpoints).some((endpoints) => Object.values(endpoints).some(isPresent)),
    budgetUsd: budgetOf(root.resources),
    stacks: [...stacks].sort((a, b) => (a.name < b.name ? -1 : 1)),
  };
}

export function cloudOf(stack: Pick<StackInput, 'providers'>): Cloud | undefined {
  if (stack.providers.some((p) => p.key === 'aws')) return 'aws';
  if (stack.providers.some((p) => p.key === 'google')) return 'gcp';
  return undefined;
}

/** The monthly limit of the stack's budget: `aws_budgets_budget.limit_amount`, `google_billing_budget.amount.specified_amount.units`. */
export function budgetOf(resources: readonly Resource[]): number | undefined {
  for (const resource of resources) {
    if (resource.type === 'aws_budgets_budget') return asNumber(resource.values.limit_amount);
    if (resource.type === 'google_billing_budget') {
      const units = asNumber(attr(resource.values, 'amount.specified_amount.units'));
      const nanos = asNumber(attr(resource.values, 'amount.specified_amount.nanos')) ?? 0;
      if (units !== undefined) return units + nanos / 1e9;
    }
  }
  return undefined;
}

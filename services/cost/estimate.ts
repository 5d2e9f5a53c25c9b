import { groupByEnvironment, type EnvironmentInput } from './environments';
import { COST_REPORT_FORMAT, roundMoney, sum, type CostItem, type CostReport, type EnvironmentCost, type NotEstimated, type StackCost, type Unpriced } from './model';
import { planPools } from './node-pools';
import { MissingPrice, PRICES, type PriceTable } from './prices/price-table';
import { PricingContext } from './pricing-context';
import { RESOURCE_CLASSES } from './resource-classes';
import type { StackInput } from './stack-input';

/** The idle monthly cost of every environment of a synthesized app, stack by stack. */
export function estimateCost(stacks: readonly StackInput[], prices: PriceTable = PRICES): CostReport {
  return {
    format: COST_REPORT_FORMAT,
    priceTable: prices.version,
    hoursPerMonth: prices.hoursPerMonth,
    spotShare: { low: prices.spot.low, high: prices.spot.high },
    environments: groupByEnvironment(stacks).map((environment) => estimateEnvironment(environment, prices)),
  };
}

export function estimateEnvironment(environment: EnvironmentInput, prices: PriceTable = PRICES): EnvironmentCost {
  const context = new PricingContext(prices, environment, planPools(environment.stacks.flatMap((stack) => stack.resources)));
  const stacks = environment.stacks.map((stack) => estimateStack(stack, context));
  const { stacks: _inputs, ...facts } = environment;
  return { ...facts, monthlyUsd: sum(stacks.map((stack) => stack.monthlyUsd)), stacks };
}

function estimateStack(stack: StackInput, context: PricingContext): StackCost {
  const items: CostItem[] = [];
  const notEstimated: NotEstimated[] = [];
  const unpriced: Unpriced[] = [];
  let freeResources = 0;
  for (const resource of stack.resources) {
    if (resource.mode !== 'managed') continue;
    const { address, type } = resource;
    const kind = RESOURCE_CLASSES[type];
    if (!kind) {
      unpriced.push({ address, type, reason: `resource type ${type} is not classified (services/cost/resource-classes.ts)` });
      continue;
    }
    if (kind.kind === 'free') {
      freeResources++;
      continue;
    }
    const usage = typeof kind.usage === 'function' ? kind.usage(resource) : kind.usage;
    if (usage) notEstimated.push({ address, type, usage });
    if (kind.kind === 'usage') continue;
    try {
      const lines = kind.price(resource, context);
      if (lines.length === 0) freeResources++;
      for (const line of lines) items.push({ address, type, part: line.part, basis: line.basis, monthlyUsd: roundMoney(line.monthlyUsd) });
    } catch (error) {
      if (!(error instanceof MissingPrice)) throw error;
      unpriced.push({ address, type, reason: error.message });
    }
  }
  return { name: stack.name, monthlyUsd: sum(items.map((item) => item.monthlyUsd)), items, notEstimated, unpriced, freeResources };
}

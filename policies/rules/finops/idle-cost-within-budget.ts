import { fail, moduleRule, pass } from '../../engine/rule';
import type { ResourceGraph } from '../../engine/graph';
import { budgetOf, groupByEnvironment } from '../../../services/cost/environments';
import { estimateEnvironment } from '../../../services/cost/estimate';
import { formatMoney } from '../../../services/cost/format-money';
import { PRICES } from '../../../services/cost/prices/price-table';
import { remoteStateStacks, type StackInput } from '../../../services/cost/stack-input';

/** Items the message names, biggest first: enough to see where the money goes. */
const BIGGEST = 3;

export const idleCostWithinBudget = moduleRule({
  id: 'PLN-COST-005',
  title: 'An environment costs less idle than its monthly budget',
  severity: 'medium',
  resourceTypes: ['aws_budgets_budget', 'google_billing_budget'],
  rationale:
    'A budget below what the environment costs with nothing running alerts every month from the first day, and alerts that always fire are ignored when a real overrun comes.',
  remediation:
    'Raise environments.<name>.budget.monthlyUsd above the idle estimate, or shrink what runs idle (node pool sizes, warm GPU replicas, database and cache classes); `npx plinth cost` lists every item.',
  check({ graph, graphs }) {
    const budgetUsd = budgetOf(graph.resources);
    const budget = graph.resources.find((r) => r.type === 'aws_budgets_budget' || r.type === 'google_billing_budget');
    if (budgetUsd === undefined || !budget) return [];
    // The whole environment: this stack and those that read its outputs (add-ons, workloads: GPU pods keep nodes up).
    const environment = groupByEnvironment((graphs ?? [graph]).map(stackInput)).find((env) => env.stacks.some((stack) => stack.name === graph.stack));
    // An emulator environment costs nothing, whatever its budget says.
    if (!environment || environment.emulator) return [];
    const estimate = estimateEnvironment(environment);
    const attribute = budget.type === 'aws_budgets_budget' ? 'limit_amount' : 'amount.specified_amount.units';
    if (estimate.monthlyUsd.low <= budgetUsd) return [{ address: budget.address, verdict: pass }];
    const items = estimate.stacks.flatMap((stack) => stack.items).sort((a, b) => b.monthlyUsd.low - a.monthlyUsd.low);
    const biggest = items.slice(0, BIGGEST).map((item) => `${item.part} ${formatMoney(item.monthlyUsd)}`).join(', ');
    const unpriced = estimate.stacks.reduce((total, stack) => total + stack.unpriced.length, 0);
    const incomplete = unpriced > 0 ? `, with ${unpriced} resource${unpriced === 1 ? '' : 's'} not priced` : '';
    return [
      {
        address: budget.address,
        verdict: fail(
          attribute,
          `is $${budgetUsd} a month, below the environment's idle cost of ${formatMoney(estimate.monthlyUsd)} (price table ${PRICES.version}${incomplete}); biggest: ${biggest}; \`npx plinth cost\` lists every item`,
        ),
      },
    ];
  },
});

function stackInput(graph: ResourceGraph): StackInput {
  return { name: graph.stack, resources: graph.resources, providers: graph.providers, dependencies: remoteStateStacks(graph.resources) };
}

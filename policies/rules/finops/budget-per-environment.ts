import { fail, moduleRule, pass } from '../../engine/rule';
import { isPresent } from '../../engine/values';

/** The budget resource of each cloud, and how to tell the cloud's resources apart. */
const CLOUDS = [
  { prefix: 'aws_', budget: 'aws_budgets_budget', provider: 'provider.aws' },
  { prefix: 'google_', budget: 'google_billing_budget', provider: 'provider.google' },
];

export const budgetPerEnvironment = moduleRule({
  id: 'PLN-COST-002',
  title: 'Every environment has a cost budget',
  severity: 'medium',
  resourceTypes: CLOUDS.map((cloud) => cloud.budget),
  rationale: 'A budget with alerts is how a runaway GPU pool or a forgotten preview environment is noticed in days rather than at the end of the month.',
  remediation: 'Add an aws_budgets_budget (or google_billing_budget) with a monthly limit and alert subscribers; Plinth creates one from environments.<name>.budget.',
  check({ graph }) {
    return CLOUDS.flatMap((cloud) => {
      const hasCloudResources = graph.resources.some((resource) => resource.mode === 'managed' && resource.type.startsWith(cloud.prefix));
      if (!hasCloudResources) return [];
      const budgets = graph.ofType(cloud.budget);
      if (budgets.length === 0) return [{ address: cloud.provider, verdict: fail(cloud.budget, 'does not exist in this stack') }];
      const limited = budgets.some((budget) => isPresent(budget.values.limit_amount) || isPresent(budget.values.amount));
      return [{ address: budgets[0]!.address, verdict: limited ? pass : fail('limit_amount', 'is not set') }];
    });
  },
});

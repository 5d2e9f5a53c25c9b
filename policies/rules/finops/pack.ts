import type { Pack } from '../../engine/rule';
import { budgetPerEnvironment } from './budget-per-environment';
import { gpuPoolBounded } from './gpu-pool-bounded';
import { idleCostWithinBudget } from './idle-cost-within-budget';
import { requiredTags } from './required-tags';
import { shortLivedTtl } from './short-lived-ttl';

export const finopsPack: Pack = {
  name: 'finops',
  description: 'Cost control: tags for cost allocation, budgets above the idle cost, bounded GPU pools, time to live for short-lived environments.',
  rules: [
    requiredTags,
    budgetPerEnvironment,
    gpuPoolBounded,
    shortLivedTtl,
    idleCostWithinBudget,
  ],
};

import { fail, notApplicable, pass, resourceRule, unknown } from '../../engine/rule';
import { asNumber, describe, isUnresolved } from '../../engine/values';
import { isGpuPool, NODE_POOL_TYPES, poolSize } from '../ml/shared/node-pools';

/** Most GPU nodes one pool may grow to without a deliberate, reviewed exception. */
const MAX_GPU_NODES = 16;

export const gpuPoolBounded = resourceRule({
  id: 'PLN-COST-003',
  title: `GPU node pools are bounded (at most ${MAX_GPU_NODES} nodes)`,
  severity: 'medium',
  resourceTypes: NODE_POOL_TYPES,
  rationale: 'An autoscaler following a queue of pending GPU pods can add tens of nodes at tens of dollars an hour each; the pool maximum is the spending cap.',
  remediation: `Set the pool maximum (scaling_config.max_size, autoscaling.max_node_count) to ${MAX_GPU_NODES} or less; raise it only with a suppression that names the budget.`,
  check(pool) {
    if (!isGpuPool(pool)) return notApplicable;
    const { max, maxAttribute } = poolSize(pool);
    if (max === undefined) return fail(maxAttribute, 'is not set: the pool is unbounded');
    if (isUnresolved(max)) return unknown(maxAttribute, 'is only known after apply');
    const nodes = asNumber(max);
    return nodes !== undefined && nodes <= MAX_GPU_NODES ? pass : fail(maxAttribute, `is ${describe(max)}; keep it at ${MAX_GPU_NODES} or less`);
  },
});

import { fail, notApplicable, pass, resourceRule, unknown } from '../../engine/rule';
import { asNumber, describe, isUnresolved } from '../../engine/values';
import { isGpuPool, NODE_POOL_TYPES, poolSize } from './shared/node-pools';

export const gpuPoolScalesToZero = resourceRule({
  id: 'PLN-ML-002',
  title: 'GPU node pools scale to zero outside production',
  severity: 'medium',
  resourceTypes: NODE_POOL_TYPES,
  rationale: 'A development GPU node left running overnight costs more than the rest of the environment; idle GPU pools must be able to empty.',
  remediation: 'Set the pool minimum (scaling_config.min_size, autoscaling.min_node_count) to 0 outside production.',
  check(pool, context) {
    if (!isGpuPool(pool) || context.environment(pool).production) return notApplicable;
    const size = poolSize(pool);
    if (isUnresolved(size.min)) return unknown(size.minAttribute, 'is only known after apply');
    return asNumber(size.min) === 0 ? pass : fail(size.minAttribute, `is ${describe(size.min)}; set it to 0 outside production`);
  },
});

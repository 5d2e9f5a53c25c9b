import { fail, notApplicable, pass, resourceRule } from '../../engine/rule';
import { GPU_TAINT_KEY, isGpuPool, NODE_POOL_TYPES, taintAttribute, taints } from './shared/node-pools';

export const gpuPoolTainted = resourceRule({
  id: 'PLN-ML-001',
  title: 'GPU node pools are tainted for GPU workloads only',
  severity: 'high',
  resourceTypes: NODE_POOL_TYPES,
  rationale: 'Without a taint, ordinary pods fill GPU nodes: the GPUs sit idle at several dollars an hour while GPU jobs wait, and the pool never scales down.',
  remediation: `Add a taint { key = "${GPU_TAINT_KEY}", effect = NO_SCHEDULE } and give GPU workloads the matching toleration.`,
  check(pool) {
    if (!isGpuPool(pool)) return notApplicable;
    const gpuTaint = taints(pool).find((taint) => taint.key === GPU_TAINT_KEY);
    if (!gpuTaint) return fail(taintAttribute(pool), `has no "${GPU_TAINT_KEY}" taint`);
    return gpuTaint.effect === 'NO_SCHEDULE' || gpuTaint.effect === 'NoSchedule' ? pass : fail(`${taintAttribute(pool)}.effect`, `is ${JSON.stringify(gpuTaint.effect)}; use NO_SCHEDULE`);
  },
});

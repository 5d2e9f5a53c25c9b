import { fail, notApplicable, pass, resourceRule } from '../../engine/rule';
import { isServingPool, isSpot, NODE_POOL_TYPES } from './shared/node-pools';

export const noSpotServingInProduction = resourceRule({
  id: 'PLN-ML-003',
  title: 'Production model serving does not run on spot capacity',
  severity: 'high',
  resourceTypes: NODE_POOL_TYPES,
  rationale: 'Spot nodes are reclaimed with two minutes\' (AWS) or thirty seconds\' (GCP) notice: a serving pool on spot drops live traffic.',
  remediation: 'Use on-demand capacity (capacity_type = "ON_DEMAND", no spot/preemptible) for serving pools in production; keep spot for training and batch.',
  unsuppressible: 'production',
  check(pool, context) {
    if (!context.environment(pool).production || !isServingPool(pool)) return notApplicable;
    if (!isSpot(pool)) return pass;
    return fail(pool.type === 'aws_eks_node_group' ? 'capacity_type' : 'node_config.spot', 'puts a production serving pool on spot capacity');
  },
});

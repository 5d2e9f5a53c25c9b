import type { PoolPlan } from '../node-pools';

/** `1 x g6.xlarge spot, held by triton (1 replica x 1 GPU); min 0, max 2; 100 GB gp3 each`. */
export function poolBasis(plan: PoolPlan, types: readonly string[], disk: string): string {
  const alternatives = types.length > 1 ? ` (priced as the first of ${types.join(', ')})` : '';
  const why = plan.held > plan.idle ? `, held by ${plan.heldBy.join(', ')}` : '';
  const bounds = `min ${plan.min ?? '?'}, max ${plan.max ?? '?'}`;
  return `${plan.nodes} x ${types[0]} ${plan.spot ? 'spot' : 'on-demand'}${alternatives}${why}; ${bounds}; ${disk}`;
}

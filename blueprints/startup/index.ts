import { blueprint } from '../blueprint';
import { STARTUP_DEFAULTS } from './defaults';
import { startupFoundation } from './foundation';
import { startupWorkloads } from './workloads';

/**
 * The startup blueprint: what a small team needs to train, track and serve models, running the day
 * it is deployed. Foundation: artifact bucket, PostgreSQL, container registry, small cluster, model
 * registry mirror, budget, and a least-privilege identity per service. Workloads: tracking, drift, the
 * promotion gates and the CPU inference server serving what they publish, monitored by
 * kube-prometheus-stack with alert rules and dashboards.
 */
export const startupBlueprint = blueprint({
  name: 'startup',
  description: 'Artifact bucket, metadata database, container registry, small cluster, tracking, drift, promotion gates, CPU inference and monitoring',
  defaults: STARTUP_DEFAULTS,
  foundation: startupFoundation,
  workloads: startupWorkloads,
});

import type { MetricAverage, PolicyMetric } from './policy-schema';

/** One metric entry of a policy section (`metrics`, `champion`), whatever the section's bounds. */
export interface MetricEntry {
  readonly name: PolicyMetric;
  readonly average?: MetricAverage;
  readonly min?: number;
  readonly max?: number;
  readonly maxDrop?: number;
}

/** The entries of `metrics` or `champion` in the file's order; the schema has already checked names and fields. */
export function metricEntries(section: object | undefined): MetricEntry[] {
  return Object.entries(section ?? {}).flatMap(([name, spec]) => (spec === undefined ? [] : [{ ...(spec as Omit<MetricEntry, 'name'>), name: name as PolicyMetric }]));
}

import { parseExpiryTag } from '../../core/config/expiry';
import type { TaggedEnvironment } from './tagged-environments';

/** One resource as either cloud's search describes it: its name and the tags (labels) that matter here. */
export interface ExpiringResource {
  /** An ARN on AWS, a full resource name on GCP. */
  readonly name: string;
  readonly environment?: string;
  /** The `plinth:expires-at` tag (any case: GCP labels are lower-case). */
  readonly expiresAt?: string;
  readonly previewOf?: string;
}

/**
 * Resources grouped by the environment they are tagged with, sorted by environment; a resource without an
 * environment or a readable expiry is passed over (not one of Plinth's expiring environments).
 */
export function groupExpiringEnvironments(resources: readonly ExpiringResource[]): TaggedEnvironment[] {
  const byEnvironment = new Map<string, { expiresAt: Date; previewOf?: string; resources: string[] }>();
  for (const resource of resources) {
    const expiresAt = parseExpiryTag(resource.expiresAt ?? '');
    if (!resource.environment || !expiresAt || !resource.name) continue;
    const entry = byEnvironment.get(resource.environment) ?? { expiresAt, previewOf: resource.previewOf, resources: [] };
    // Resources of one environment carry one expiry; should they differ, the latest one counts (never destroy early).
    if (expiresAt > entry.expiresAt) entry.expiresAt = expiresAt;
    entry.previewOf ??= resource.previewOf;
    entry.resources.push(resource.name);
    byEnvironment.set(resource.environment, entry);
  }
  return [...byEnvironment.entries()].map(([environment, entry]) => ({ environment, ...entry })).sort((a, b) => a.environment.localeCompare(b.environment));
}

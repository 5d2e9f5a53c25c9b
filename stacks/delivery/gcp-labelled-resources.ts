import type { GcpLocation, TaggedEnvironment } from './tagged-environments';

/** The GCP side of tagged-environments.ts: labels through Cloud Asset Inventory. */

export async function findExpiringGcpEnvironments(location: GcpLocation, _platform: string): Promise<TaggedEnvironment[]> {
  throw new Error(`searching GCP labels in project ${location.project} is not built yet`);
}

export async function gcpResourcesOfEnvironment(location: GcpLocation, _platform: string, _environment: string): Promise<string[]> {
  throw new Error(`searching GCP labels in project ${location.project} is not built yet`);
}

import { awsResourcesOfEnvironment, findExpiringAwsEnvironments } from './aws-tagged-resources';

/**
 * Finding environments by what their resources carry, on either cloud: AWS tags through the
 * Resource Groups Tagging API (aws-tagged-resources.ts), GCP labels through Cloud Asset Inventory
 * (gcp-labelled-resources.ts). An environment whose preview record was lost is still found.
 */

/** One AWS region, of real AWS or of the emulator at `endpoint`. */
export interface AwsLocation {
  readonly cloud: 'aws';
  readonly region: string;
  readonly endpoint?: string;
}

/** One GCP project. */
export interface GcpLocation {
  readonly cloud: 'gcp';
  readonly project: string;
}

export type TagsLocation = AwsLocation | GcpLocation;

/** An environment of this platform that carries an expiry tag, as the cloud's tags describe it. */
export interface TaggedEnvironment {
  readonly environment: string;
  readonly expiresAt: Date;
  /** From `plinth:preview-of`: with the expiry, all a lost preview record held. */
  readonly previewOf?: string;
  /** ARNs on AWS, full resource names on GCP. */
  readonly resources: readonly string[];
}

/** How a location is named in reports. */
export function locationName(location: TagsLocation): string {
  return location.cloud === 'aws' ? (location.endpoint ?? location.region) : `project ${location.project}`;
}

/** Resources there may be an emulator's (whose undeletable types are known). */
export function isEmulated(location: TagsLocation): boolean {
  return location.cloud === 'aws' && location.endpoint !== undefined;
}

/** Every environment of `platform` with resources tagged `plinth:expires-at` there. */
export async function findExpiringEnvironments(location: TagsLocation, platform: string): Promise<TaggedEnvironment[]> {
  if (location.cloud === 'aws') return findExpiringAwsEnvironments(location, platform);
  const { findExpiringGcpEnvironments } = require('./gcp-labelled-resources') as typeof import('./gcp-labelled-resources');
  return findExpiringGcpEnvironments(location, platform);
}

/** Every resource still tagged as this environment's. */
export async function resourcesOfEnvironment(location: TagsLocation, platform: string, environment: string): Promise<string[]> {
  if (location.cloud === 'aws') return awsResourcesOfEnvironment(location, platform, environment);
  const { gcpResourcesOfEnvironment } = require('./gcp-labelled-resources') as typeof import('./gcp-labelled-resources');
  return gcpResourcesOfEnvironment(location, platform, environment);
}

import { GetResourcesCommand, ResourceGroupsTaggingAPIClient, type ResourceTagMapping } from '@aws-sdk/client-resource-groups-tagging-api';
import { EXPIRES_AT_TAG, parseExpiryTag, PREVIEW_OF_TAG } from '../../core/config/expiry';
import { COST_TAG_KEY } from '../environment';

import type { AwsLocation, TaggedEnvironment } from './tagged-environments';

/** The AWS side of tagged-environments.ts: the Resource Groups Tagging API of one region, real or emulated. */

function client(location: AwsLocation): ResourceGroupsTaggingAPIClient {
  return new ResourceGroupsTaggingAPIClient({
    region: location.region,
    // The emulator takes any keys; the AWS provider of an emulated stack uses the same ones.
    ...(location.endpoint ? { endpoint: location.endpoint, credentials: { accessKeyId: 'emulator', secretAccessKey: 'emulator' } } : {}),
  });
}

async function taggedResources(location: AwsLocation, filters: Record<string, readonly string[] | undefined>): Promise<ResourceTagMapping[]> {
  const tagging = client(location);
  const found: ResourceTagMapping[] = [];
  try {
    let token: string | undefined;
    do {
      const page = await tagging.send(
        new GetResourcesCommand({
          TagFilters: Object.entries(filters).map(([Key, Values]) => ({ Key, ...(Values ? { Values: [...Values] } : {}) })),
          PaginationToken: token || undefined,
          ResourcesPerPage: 100,
        }),
      );
      found.push(...(page.ResourceTagMappingList ?? []));
      token = page.PaginationToken;
    } while (token);
  } finally {
    tagging.destroy();
  }
  return found;
}

function tagOf(mapping: ResourceTagMapping, key: string): string | undefined {
  return mapping.Tags?.find((tag) => tag.Key === key)?.Value;
}

/**
 * Every environment of `platform` with resources tagged `plinth:expires-at` in this region, found
 * by the tags alone: an environment whose record was lost is still found.
 */
export async function findExpiringAwsEnvironments(location: AwsLocation, platform: string): Promise<TaggedEnvironment[]> {
  const byEnvironment = new Map<string, { expiresAt: Date; previewOf?: string; resources: string[] }>();
  for (const mapping of await taggedResources(location, { platform: [platform], [EXPIRES_AT_TAG]: undefined })) {
    const environment = tagOf(mapping, 'environment');
    const expiresAt = parseExpiryTag(tagOf(mapping, EXPIRES_AT_TAG) ?? '');
    if (!environment || !expiresAt || !mapping.ResourceARN) continue;
    const entry = byEnvironment.get(environment) ?? { expiresAt, previewOf: tagOf(mapping, PREVIEW_OF_TAG), resources: [] };
    // Resources of one environment carry one expiry; should they differ, the latest one counts (never destroy early).
    if (expiresAt > entry.expiresAt) entry.expiresAt = expiresAt;
    entry.resources.push(mapping.ResourceARN);
    byEnvironment.set(environment, entry);
  }
  return [...byEnvironment.entries()].map(([environment, entry]) => ({ environment, ...entry })).sort((a, b) => a.environment.localeCompare(b.environment));
}

/** ARNs of every resource still tagged as this environment's (`plinth:environment=<platform>-<env>`). */
export async function awsResourcesOfEnvironment(location: AwsLocation, platform: string, environment: string): Promise<string[]> {
  const mappings = await taggedResources(location, { [COST_TAG_KEY]: [`${platform}-${environment}`] });
  return mappings.flatMap((mapping) => (mapping.ResourceARN ? [mapping.ResourceARN] : [])).sort();
}

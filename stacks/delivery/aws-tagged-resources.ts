import { GetResourcesCommand, ResourceGroupsTaggingAPIClient, type ResourceTagMapping } from '@aws-sdk/client-resource-groups-tagging-api';
import { EXPIRES_AT_TAG, PREVIEW_OF_TAG } from '../../core/config/expiry';
import { COST_TAG_KEY } from '../environment';
import { groupExpiringEnvironments } from './expiring-environments';

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
  const mappings = await taggedResources(location, { platform: [platform], [EXPIRES_AT_TAG]: undefined });
  return groupExpiringEnvironments(
    mappings.map((mapping) => ({ name: mapping.ResourceARN ?? '', environment: tagOf(mapping, 'environment'), expiresAt: tagOf(mapping, EXPIRES_AT_TAG), previewOf: tagOf(mapping, PREVIEW_OF_TAG) })),
  );
}

/** ARNs of every resource still tagged as this environment's (`plinth:environment=<platform>-<env>`). */
export async function awsResourcesOfEnvironment(location: AwsLocation, platform: string, environment: string): Promise<string[]> {
  const mappings = await taggedResources(location, { [COST_TAG_KEY]: [`${platform}-${environment}`] });
  return mappings.flatMap((mapping) => (mapping.ResourceARN ? [mapping.ResourceARN] : [])).sort();
}

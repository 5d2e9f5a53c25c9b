import { type DescribeModelPackageCommandOutput, DescribeModelPackageCommand, DescribeModelPackageGroupCommand, ListModelPackagesCommand, type SageMakerClient } from '@aws-sdk/client-sagemaker';
import { identifies } from './package-metadata';
import { isMissingGroup, missingGroupError } from './sagemaker-failure';

/**
 * The package description: written once at creation (SageMaker cannot change it) and used as the index
 * to find a version's package again, since ListModelPackages returns descriptions but not metadata.
 */
export function packageDescription(modelName: string, version: string): string {
  return `${modelName} version ${version}, mirrored by Plinth promotion gates`;
}

/** Fails with a clear error when the group is missing (the foundation stack creates it). */
export async function requireGroup(client: SageMakerClient, groupName: string): Promise<void> {
  try {
    await client.send(new DescribeModelPackageGroupCommand({ ModelPackageGroupName: groupName }));
  } catch (error) {
    if (isMissingGroup(error)) throw missingGroupError(groupName, await client.config.region().catch(() => undefined), error);
    throw error;
  }
}

/**
 * The package mirrored for this model version, or undefined: candidates by description, confirmed by
 * their `plinth:model` and `plinth:version` metadata. The oldest wins should a race have made two.
 */
export async function findModelPackage(client: SageMakerClient, groupName: string, modelName: string, version: string): Promise<DescribeModelPackageCommandOutput | undefined> {
  const description = packageDescription(modelName, version);
  let token: string | undefined;
  do {
    const page = await client.send(new ListModelPackagesCommand({ ModelPackageGroupName: groupName, SortBy: 'CreationTime', SortOrder: 'Ascending', MaxResults: 100, NextToken: token }));
    for (const summary of page.ModelPackageSummaryList ?? []) {
      if (summary.ModelPackageDescription !== description) continue;
      const found = await client.send(new DescribeModelPackageCommand({ ModelPackageName: summary.ModelPackageArn }));
      if (identifies(found.CustomerMetadataProperties ?? {}, modelName, version)) return found;
    }
    token = page.NextToken;
  } while (token);
  return undefined;
}

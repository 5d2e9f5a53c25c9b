import type { DescribeModelPackageCommandOutput, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { findModelPackage, requireGroup } from './find-model-package';
import { clientOf, type SageMakerGroup } from './sagemaker-client';
import { isMissingGroup, missingGroupError, sagemakerFailure } from './sagemaker-failure';

/** What `work` gets: the client, the version's package if mirrored, and `step` to name the call it makes next. */
export interface VersionPackage {
  readonly client: SageMakerClient;
  readonly existing: DescribeModelPackageCommandOutput | undefined;
  step(action: string): void;
}

/**
 * Checks the group exists, looks up the package of `modelName` `version`, then runs `work`. Every AWS failure
 * on the way becomes one line naming the call that failed (access denied, no credentials, group missing).
 */
export async function withVersionPackage<T>(target: SageMakerGroup, modelName: string, version: string, work: (context: VersionPackage) => Promise<T>): Promise<T> {
  const client = clientOf(target);
  let action = 'sagemaker:DescribeModelPackageGroup';
  try {
    await requireGroup(client, target.groupName);
    action = 'sagemaker:ListModelPackages';
    const existing = await findModelPackage(client, target.groupName, modelName, version);
    return await work({ client, existing, step: (next) => (action = next) });
  } catch (error) {
    if (isMissingGroup(error)) throw missingGroupError(target.groupName, undefined, error);
    throw sagemakerFailure(error, action, target.groupName);
  }
}

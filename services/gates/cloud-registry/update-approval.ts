import { type ModelApprovalStatus, UpdateModelPackageCommand } from '@aws-sdk/client-sagemaker';
import { EXIT_BAD_INPUT, UserFacingError } from '../../../core/exit-codes';
import { APPROVAL_DESCRIPTION_MAX, METADATA_KEYS, METADATA_LIMITS, metadataText } from './package-metadata';
import type { SageMakerGroup } from './sagemaker-client';
import { withVersionPackage } from './with-version-package';

export interface ApprovalChange extends SageMakerGroup {
  readonly modelName: string;
  /** The tracking registry's version, as given to `mirrorToSageMaker`. */
  readonly version: string | number;
  readonly approved: boolean;
  /**
   * Why (ApprovalDescription): a rollback, a human approval.
   * @default - "approved" or "rejected"
   */
  readonly reason?: string;
  /**
   * Who changed it (an approver's token name), recorded as `plinth:approval-by`.
   * @default - not recorded
   */
  readonly by?: string;
}

export interface ApprovalChanged {
  readonly arn: string;
  readonly previousStatus: ModelApprovalStatus | undefined;
  readonly status: ModelApprovalStatus;
}

/**
 * Flips a mirrored version's package to Approved or Rejected (a rollback, a human approval). The version
 * must have been mirrored: a missing package is bad input (exit 2), naming the group and the version.
 */
export async function updateApproval(change: ApprovalChange): Promise<ApprovalChanged> {
  const version = String(change.version);
  const status: ModelApprovalStatus = change.approved ? 'Approved' : 'Rejected';
  return withVersionPackage(change, change.modelName, version, async ({ client, existing, step }) => {
    if (!existing) {
      throw new UserFacingError(`no SageMaker model package for ${change.modelName} version ${version} in group "${change.groupName}": mirror it first (mirrorToSageMaker, run by plinth gates promote)`, EXIT_BAD_INPUT);
    }
    // SageMaker merges CustomerMetadataProperties on update; the emulator replaces them, so all are sent back.
    const metadata = { ...existing.CustomerMetadataProperties };
    if (change.by !== undefined) metadata[METADATA_KEYS.approvalBy] = metadataText(change.by, METADATA_LIMITS.valueLength);
    step('sagemaker:UpdateModelPackage');
    await client.send(
      new UpdateModelPackageCommand({
        ModelPackageArn: existing.ModelPackageArn,
        ModelApprovalStatus: status,
        ApprovalDescription: (change.reason ?? status.toLowerCase()).slice(0, APPROVAL_DESCRIPTION_MAX),
        ...(Object.keys(metadata).length > 0 ? { CustomerMetadataProperties: metadata } : {}),
      }),
    );
    return { arn: existing.ModelPackageArn!, previousStatus: existing.ModelApprovalStatus, status };
  });
}

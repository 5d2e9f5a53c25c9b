import { createHash } from 'node:crypto';
import { CreateModelPackageCommand, type ModelApprovalStatus, type ModelMetrics, UpdateModelPackageCommand } from '@aws-sdk/client-sagemaker';
import { UserFacingError } from '../../../core/exit-codes';
import { packageDescription } from './find-model-package';
import { APPROVAL_DESCRIPTION_MAX, METADATA_KEYS, type MirroredFacts, packageMetadata } from './package-metadata';
import type { SageMakerGroup } from './sagemaker-client';
import { type SageMakerServing, servingSpecification } from './serving-specification';
import { withVersionPackage } from './with-version-package';

export interface MirrorRequest extends SageMakerGroup {
  /** The registered model's name in the tracking registry. */
  readonly modelName: string;
  /** The tracking registry's version of the model (not SageMaker's package version, which SageMaker numbers itself). */
  readonly version: string | number;
  /** Approved when the gates passed (and a human approved where the risk class asks); Rejected otherwise. */
  readonly approved: boolean;
  /** The gates' decision: its verdict, risk class and every gate go into the package's metadata. */
  readonly decision: MirroredFacts['decision'];
  /** Lineage tags (git commit, dataset version, training image…), each as `plinth:lineage:<tag>`. */
  readonly lineage: Readonly<Record<string, string>>;
  /** Where the promoted artifact lives (any scheme), recorded as `plinth:artifact`. */
  readonly artifactUri: string;
  /**
   * The artifact's sha256, recorded as `plinth:sha256`; a second mirror of the version with another digest is refused.
   * @default - not recorded
   */
  readonly sha256?: string;
  /**
   * The gates' JSON report in S3 (`s3://…/gate-report.json`): the package's model quality statistics
   * (SageMaker reads ModelMetrics only from S3) and the place the metadata points to when gates are left out.
   * @default - no ModelMetrics; the metadata alone carries the gates
   */
  readonly reportUri?: string;
  /**
   * How SageMaker would serve the version.
   * @default - no InferenceSpecification: the package records the decision, and SageMaker cannot deploy it
   */
  readonly serving?: SageMakerServing;
  /**
   * Who approved a high-risk promotion (the approver's token name), recorded as `plinth:approval-by`.
   * @default - not recorded
   */
  readonly approvedBy?: string;
  /**
   * Why it was approved or rejected (ApprovalDescription).
   * @default - the verdict and risk class
   */
  readonly approvalDescription?: string;
}

export interface MirroredPackage {
  readonly arn: string;
  /** SageMaker's version number of the package in the group. */
  readonly packageVersion: number;
  readonly status: ModelApprovalStatus;
  /** False when the version was mirrored before (its package was updated instead of a new one made). */
  readonly created: boolean;
}

const statusOf = (approved: boolean): ModelApprovalStatus => (approved ? 'Approved' : 'Rejected');
const packageVersionOf = (arn: string) => Number(arn.slice(arn.lastIndexOf('/') + 1));

/**
 * A deterministic ClientToken (1–36 of `[a-zA-Z0-9-]`): SageMaker answers a retried or concurrent create of
 * the same version and status with the same package. The emulator ignores it, hence also the lookup.
 */
function clientToken(groupName: string, facts: MirroredFacts, status: ModelApprovalStatus): string {
  return createHash('sha256').update(JSON.stringify([groupName, facts.modelName, facts.version, facts.sha256 ?? '', status])).digest('hex').slice(0, 36);
}

function modelMetrics(reportUri: string | undefined): ModelMetrics | undefined {
  if (reportUri === undefined) return undefined;
  if (!reportUri.startsWith('s3://')) throw new UserFacingError(`reportUri: found "${reportUri}"; SageMaker reads model metrics only from S3: an s3:// URI, or leave it out`);
  return { ModelQuality: { Statistics: { ContentType: 'application/json', S3Uri: reportUri } } };
}

/**
 * Mirrors a promotion decision into the environment's SageMaker model package group: one package per model
 * version, Approved or Rejected, with the gates and lineage as CustomerMetadataProperties. Mirroring a
 * version again updates its package (status, metadata) instead of making another.
 */
export async function mirrorToSageMaker(request: MirrorRequest): Promise<MirroredPackage> {
  const version = String(request.version);
  if (request.modelName.trim() === '' || version.trim() === '') throw new UserFacingError(`modelName and version must not be empty (found "${request.modelName}", "${version}")`);
  const facts: MirroredFacts = { ...request, version };
  const metadata = packageMetadata(facts);
  const status = statusOf(request.approved);
  const approvalDescription = request.approvalDescription ?? `gates verdict ${request.decision.verdict}, risk class ${request.decision.risk}`;
  const metrics = modelMetrics(request.reportUri);
  const inference = request.serving && servingSpecification(request.modelName, request.serving);
  return withVersionPackage(request, request.modelName, version, async ({ client, existing, step }) => {
    if (existing) {
      const recorded = existing.CustomerMetadataProperties?.[METADATA_KEYS.sha256];
      if (request.sha256 !== undefined && recorded !== undefined && recorded !== request.sha256) {
        throw new UserFacingError(`${request.modelName} version ${version} was mirrored to ${existing.ModelPackageArn} with sha256 ${recorded}, not ${request.sha256}: a registered version's artifact must not change`);
      }
      step('sagemaker:UpdateModelPackage');
      const stale = Object.keys(existing.CustomerMetadataProperties ?? {}).filter((key) => key.startsWith('plinth:') && !(key in metadata));
      await client.send(
        new UpdateModelPackageCommand({
          ModelPackageArn: existing.ModelPackageArn,
          ModelApprovalStatus: status,
          ApprovalDescription: approvalDescription.slice(0, APPROVAL_DESCRIPTION_MAX),
          CustomerMetadataProperties: metadata,
          ...(stale.length > 0 ? { CustomerMetadataPropertiesToRemove: stale } : {}),
        }),
      );
      return { arn: existing.ModelPackageArn!, packageVersion: existing.ModelPackageVersion ?? packageVersionOf(existing.ModelPackageArn!), status, created: false };
    }
    step('sagemaker:CreateModelPackage');
    const created = await client.send(
      new CreateModelPackageCommand({
        ModelPackageGroupName: request.groupName,
        ModelPackageDescription: packageDescription(request.modelName, version),
        ModelApprovalStatus: status,
        CustomerMetadataProperties: metadata,
        ClientToken: clientToken(request.groupName, facts, status),
        ...(metrics ? { ModelMetrics: metrics } : {}),
        ...(inference ? { InferenceSpecification: inference } : {}),
      }),
    );
    const arn = created.ModelPackageArn!;
    step('sagemaker:UpdateModelPackage');
    // CreateModelPackage has no ApprovalDescription; set it at once so the console shows why.
    await client.send(new UpdateModelPackageCommand({ ModelPackageArn: arn, ModelApprovalStatus: status, ApprovalDescription: approvalDescription.slice(0, APPROVAL_DESCRIPTION_MAX), CustomerMetadataProperties: metadata }));
    return { arn, packageVersion: packageVersionOf(arn), status, created: true };
  });
}

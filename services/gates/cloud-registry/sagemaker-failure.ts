import { EXIT_UNAVAILABLE, UserFacingError } from '../../../core/exit-codes';

/** What the identity that mirrors needs, named in the access-denied message. */
export const REQUIRED_ACTIONS = [
  'sagemaker:DescribeModelPackageGroup',
  'sagemaker:ListModelPackages',
  'sagemaker:DescribeModelPackage',
  'sagemaker:CreateModelPackage',
  'sagemaker:UpdateModelPackage',
] as const;

const ACCESS_ERRORS = new Set(['AccessDeniedException', 'AccessDenied', 'UnrecognizedClientException', 'InvalidClientTokenId', 'InvalidSignatureException', 'ExpiredTokenException', 'ExpiredToken']);
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET', 'ETIMEDOUT']);

interface AwsError {
  readonly name?: string;
  readonly message?: string;
  readonly code?: string;
  readonly $metadata?: { readonly httpStatusCode?: number };
}

/** The group is missing: what SageMaker (and the emulator) answer to DescribeModelPackageGroup or CreateModelPackage. */
export function isMissingGroup(error: unknown): boolean {
  const { name, message } = error as AwsError;
  return (name === 'ValidationException' || name === 'ResourceNotFound') && /model ?package ?group.*does not exist/i.test(message ?? '');
}

export function missingGroupError(groupName: string, region: string | undefined, cause: unknown): UserFacingError {
  return new UserFacingError(
    `SageMaker model package group "${groupName}" does not exist${region ? ` in ${region}` : ''}: the AWS foundation stack creates it (construct ModelRegistry, output model_registry); deploy the foundation of this environment, or pass the group its model_registry output names`,
    EXIT_UNAVAILABLE,
    { cause },
  );
}

/**
 * AWS failures that are the environment's, not the input's, as one line with exit code 3: access denied,
 * no credentials or region, SageMaker unreachable. Anything else is returned unchanged.
 */
export function sagemakerFailure(error: unknown, action: string, groupName: string): unknown {
  if (error instanceof UserFacingError) return error;
  const aws = error as AwsError;
  const detail = aws.message && !aws.message.startsWith('Unexpected token') ? `: ${aws.message.split('\n')[0]}` : '';
  if (ACCESS_ERRORS.has(aws.name ?? '') || aws.$metadata?.httpStatusCode === 403) {
    // The emulator answers a denied JSON call in XML, which the SDK cannot parse: only the 403 is left.
    const shown = detail || ` (HTTP ${aws.$metadata?.httpStatusCode ?? 403})`;
    return new UserFacingError(
      `access denied to SageMaker (${action} on model package group "${groupName}")${shown}; the identity that promotes needs ${REQUIRED_ACTIONS.join(', ')} on the group and its packages`,
      EXIT_UNAVAILABLE,
      { cause: error },
    );
  }
  if (aws.name === 'CredentialsProviderError') {
    return new UserFacingError(`no AWS credentials for SageMaker (${action})${detail}; set AWS_PROFILE, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or a role`, EXIT_UNAVAILABLE, { cause: error });
  }
  if (/region is missing/i.test(aws.message ?? '')) {
    return new UserFacingError(`no AWS region for SageMaker (${action}); set AWS_REGION to the region of the foundation stack`, EXIT_UNAVAILABLE, { cause: error });
  }
  if (NETWORK_CODES.has(aws.code ?? '') || aws.name === 'TimeoutError') {
    return new UserFacingError(`cannot reach SageMaker (${action})${detail}; check the network and AWS_ENDPOINT_URL_SAGEMAKER`, EXIT_UNAVAILABLE, { cause: error });
  }
  return error;
}

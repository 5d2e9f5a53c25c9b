import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import type { Construct } from 'constructs';

/**
 * Services the foundation stacks call. With an emulator endpoint every one of them is redirected,
 * so no request can leak to real AWS. test/e2e/emulator-endpoints.test.ts fails when a resource of
 * a committed config calls a service missing here.
 */
const EMULATED_SERVICES = ['autoscaling', 'budgets', 'cloudwatchlogs', 'ec2', 'ecr', 'eks', 'elasticache', 'iam', 'kms', 'rds', 's3', 'sagemaker', 'secretsmanager', 'sts'] as const;

export interface AwsAccountProviderProps {
  readonly region: string;
  /** Tags on every taggable resource (the provider's default_tags). */
  readonly tags: Readonly<Record<string, string>>;
  /**
   * Send every API call to this endpoint (moto, LocalStack). Credentials checks are skipped and
   * dummy keys are used: an emulator accepts any.
   * @default - real AWS, with the caller's credentials
   */
  readonly endpoint?: string;
}

/** The AWS provider of a foundation stack, with default tags and an optional emulator endpoint. */
export function awsProvider(scope: Construct, id: string, props: AwsAccountProviderProps): AwsProvider {
  const emulator = props.endpoint
    ? {
        accessKey: 'emulator',
        secretKey: 'emulator',
        skipCredentialsValidation: true,
        skipRequestingAccountId: true,
        skipMetadataApiCheck: 'true',
        s3UsePathStyle: true,
        endpoints: [Object.fromEntries(EMULATED_SERVICES.map((service) => [service, props.endpoint]))],
      }
    : {};
  return new AwsProvider(scope, id, {
    region: props.region,
    defaultTags: [{ tags: { ...props.tags } }],
    ...emulator,
  });
}

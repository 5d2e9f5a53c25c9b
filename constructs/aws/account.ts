import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import { DataAwsRegion } from '@cdktf/provider-aws/lib/data-aws-region';
import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';

/**
 * The account, partition and region a stack deploys into, looked up once per stack and shared by
 * every construct that writes ARNs, key policies or service-scoped conditions.
 */
export class AwsAccount extends Construct {
  static of(scope: Construct): AwsAccount {
    const stack = TerraformStack.of(scope);
    return (stack.node.tryFindChild(AwsAccount.ID) as AwsAccount | undefined) ?? new AwsAccount(stack, AwsAccount.ID);
  }

  private static readonly ID = 'AwsAccount';
  readonly accountId: string;
  readonly partition: string;
  readonly region: string;

  private constructor(scope: Construct, id: string) {
    super(scope, id);
    this.accountId = new DataAwsCallerIdentity(this, 'Caller').accountId;
    this.partition = new DataAwsPartition(this, 'Partition').partition;
    this.region = new DataAwsRegion(this, 'Region').name;
  }

  /** ARN of the account root, the principal that lets IAM policies govern a resource. */
  get rootArn(): string {
    return `arn:${this.partition}:iam::${this.accountId}:root`;
  }

  arn(service: string, region: string, resource: string): string {
    return `arn:${this.partition}:${service}:${region}:${this.accountId}:${resource}`;
  }

  /** The `kms:ViaService` value of an AWS service in this region: key use only through that service. */
  viaService(service: string): string {
    return `${service}.${this.region}.amazonaws.com`;
  }
}

import { SagemakerModelPackageGroup } from '@cdktf/provider-aws/lib/sagemaker-model-package-group';
import { Construct } from 'constructs';
import type { Grantee, ModelRegistryMirror } from '../kit';
import { AwsAccount } from './account';
import { grantToRole, policyNamePart } from './grants';

export interface ModelPackageGroupProps {
  readonly name: string;
  /** @default - a description naming Plinth's promotion gates */
  readonly description?: string;
}

/**
 * What the promotion gates' mirror calls (services/gates/cloud-registry): find the group and a
 * version's package in it, register a version, set its approval and metadata. No AddTags: the mirror
 * sends no tags; no Delete: a rollback changes the approval, it never removes a version. The same
 * list as the mirror's REQUIRED_ACTIONS, which a test keeps equal.
 */
const PUBLISH_ACTIONS = [
  'sagemaker:DescribeModelPackageGroup',
  'sagemaker:ListModelPackages',
  'sagemaker:DescribeModelPackage',
  'sagemaker:CreateModelPackage',
  'sagemaker:UpdateModelPackage',
] as const;

/**
 * A SageMaker model package group: the AWS-native registry that Plinth's promotion gates mirror
 * approved model versions into, for teams whose tooling reads SageMaker.
 */
export class ModelPackageGroup extends Construct implements ModelRegistryMirror {
  readonly group: SagemakerModelPackageGroup;
  readonly registryName: string;
  private readonly name: string;

  constructor(scope: Construct, id: string, props: ModelPackageGroupProps) {
    super(scope, id);
    this.name = props.name;
    this.group = new SagemakerModelPackageGroup(this, 'Resource', {
      modelPackageGroupName: props.name,
      modelPackageGroupDescription: props.description ?? 'Model versions promoted by Plinth gates',
    });
    this.registryName = this.group.modelPackageGroupName;
  }

  /**
   * Lets `grantee` publish to this group only: the group itself and its versioned packages, whose
   * ARNs are `model-package/<group>/<version>`. Another group's packages stay out of reach.
   */
  grantPublish(grantee: Grantee): void {
    const account = AwsAccount.of(this);
    // SageMaker writes the group's name lower-case in every ARN it makes.
    const packages = account.arn('sagemaker', account.region, `model-package/${this.name.toLowerCase()}/*`);
    grantToRole(this, grantee, `${policyNamePart(this.node.id)}-publish`, [
      { Sid: 'PublishModelVersionsToTheGroup', Effect: 'Allow', Action: PUBLISH_ACTIONS, Resource: [this.group.arn, packages] },
    ]);
  }
}

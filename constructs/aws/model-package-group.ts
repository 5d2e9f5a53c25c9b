import { SagemakerModelPackageGroup } from '@cdktf/provider-aws/lib/sagemaker-model-package-group';
import { Construct } from 'constructs';
import type { ModelRegistryMirror } from '../kit';

export interface ModelPackageGroupProps {
  readonly name: string;
  /** @default - a description naming Plinth's promotion gates */
  readonly description?: string;
}

/**
 * A SageMaker model package group: the AWS-native registry that Plinth's promotion gates mirror
 * approved model versions into, for teams whose tooling reads SageMaker.
 */
export class ModelPackageGroup extends Construct implements ModelRegistryMirror {
  readonly group: SagemakerModelPackageGroup;
  readonly registryName: string;

  constructor(scope: Construct, id: string, props: ModelPackageGroupProps) {
    super(scope, id);
    this.group = new SagemakerModelPackageGroup(this, 'Resource', {
      modelPackageGroupName: props.name,
      modelPackageGroupDescription: props.description ?? 'Model versions promoted by Plinth gates',
    });
    this.registryName = this.group.modelPackageGroupName;
  }
}

import { TerraformOutput, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import type { Blueprint, Foundation } from '../blueprints/blueprint';
import type { PlatformConfig } from '../core/config/schema';
import type { CloudSetup } from './cloud-kits';
import type { ResolvedEnvironment } from './environment';

export interface FoundationStackProps {
  readonly platform: PlatformConfig;
  readonly environment: ResolvedEnvironment;
  readonly blueprint: Blueprint;
  readonly cloud: CloudSetup;
}

/** The cloud resources of one environment: what the blueprint asks for, built by the cloud's kit. */
export class FoundationStack extends TerraformStack {
  readonly foundation: Foundation;

  constructor(scope: Construct, id: string, props: FoundationStackProps) {
    super(scope, id);
    const kit = props.cloud(this, props.environment);
    this.foundation = props.blueprint.foundation(this, kit, {
      name: props.environment.name,
      context: props.environment.context,
      settings: props.environment.settings,
      platform: props.platform,
    });
    for (const [name, output] of Object.entries(this.foundation.outputs)) {
      new TerraformOutput(this, name, { value: output.value, description: output.description });
    }
  }
}

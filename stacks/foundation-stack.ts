import { TerraformOutput, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import type { AnyBlueprint, BuiltFoundation, FoundationHandles } from '../blueprints/blueprint';
import type { PlatformConfig } from '../core/config/schema';
import type { CloudSetup } from './cloud-kits';
import type { ResolvedEnvironment } from './environment';

export interface FoundationStackProps {
  readonly platform: PlatformConfig;
  readonly environment: ResolvedEnvironment;
  readonly blueprint: AnyBlueprint;
  readonly cloud: CloudSetup;
}

/** The cloud resources of one environment: what the blueprint asks for, built by the cloud's kit. */
export class FoundationStack extends TerraformStack {
  readonly handles: FoundationHandles;
  /** Builds the blueprint's cluster add-ons and workloads from this foundation's handles into other stacks. */
  readonly built: BuiltFoundation;

  constructor(scope: Construct, id: string, props: FoundationStackProps) {
    super(scope, id);
    const kit = props.cloud(this, props.environment);
    const built = props.blueprint.build(kit, { resolved: props.environment, platform: props.platform });
    this.handles = built.foundation;
    this.built = built;
    for (const [name, output] of Object.entries(this.handles.outputs)) {
      new TerraformOutput(this, name, { value: output.value, description: output.description });
    }
  }
}

import { TerraformOutput, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import type { AnyBlueprint, BuiltFoundation, FoundationHandles } from '../blueprints/blueprint';
import type { PlatformConfig } from '../core/config/schema';
import { buildCiRoles } from './ci-roles';
import type { CloudSetup } from './cloud-kits';
import type { ResolvedEnvironment } from './environment';

export interface FoundationStackProps {
  readonly platform: PlatformConfig;
  readonly environment: ResolvedEnvironment;
  readonly blueprint: AnyBlueprint;
  readonly cloud: CloudSetup;
}

/** The cloud resources of one environment: what the blueprint asks for (and the `ci` capability's roles), built by the cloud's kit. */
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
    // GitHub Actions' roles are the platform's, not the blueprint's: every blueprint offers them.
    const outputs = { ...this.handles.outputs, ...buildCiRoles(kit, this.handles.cluster, props.platform, props.environment) };
    for (const [name, output] of Object.entries(outputs)) {
      new TerraformOutput(this, name, { value: output.value, description: output.description });
    }
  }
}

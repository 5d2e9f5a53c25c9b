import { providerMirror, runTerraform, type TerraformResult } from '../../stacks/delivery/terraform';
import { requireTools, skipOrFailInCi } from './tools';

export const TERRAFORM_TOOL = { command: 'terraform', install: 'https://developer.hashicorp.com/terraform/install' } as const;

export { offlineCliConfig, providerMirror, tail } from '../../stacks/delivery/terraform';

/**
 * Terraform, the offline AWS provider mirror and any other tools a test needs: the mirror's root
 * when all are here, undefined (SKIPPED, or a failure in CI) when not.
 */
export function requireTerraformWithMirror(otherTools: Parameters<typeof requireTools>[0] = []): string | undefined {
  if (!requireTools([TERRAFORM_TOOL, ...otherTools]).available) return undefined;
  const mirror = providerMirror();
  if (!mirror) skipOrFailInCi('no Terraform provider mirror with hashicorp/aws found (set PLINTH_TF_MIRROR)');
  return mirror;
}

export type RunResult = TerraformResult;

/** Runs terraform in a stack folder; never throws on a non-zero exit, the caller asserts. */
export function terraform(cwd: string, args: readonly string[], cliConfig: string): Promise<RunResult> {
  return runTerraform(cwd, args, cliConfig);
}

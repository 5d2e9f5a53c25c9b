import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { UserFacingError } from '../../core/exit-codes';
import { PolicyInputError, parseJson } from '../../policies/engine/errors';
import { loadCdktfOutput } from '../../policies/engine/loaders/cdktf';
import { readText } from '../../policies/engine/loaders/hcl';
import type { ProviderConfig, Resource } from '../../policies/engine/model';
import { isObject } from '../../policies/engine/values';

/** One synthesized stack as the estimator reads it: the policy engine's resources, and the stacks it depends on. */
export interface StackInput {
  readonly name: string;
  readonly resources: readonly Resource[];
  readonly providers: readonly ProviderConfig[];
  /** Stacks this one reads from (cdktf cross-stack references): a workloads stack names its foundation. */
  readonly dependencies: readonly string[];
}

/**
 * Every stack of a cdktf output folder, read through its manifest.json as the policy engine reads it
 * (plain JSON: no cdktf, no provider bindings). Bad input is a UserFacingError naming the file.
 */
export function readSynthesizedStacks(outdir: string): StackInput[] {
  if (!existsSync(outdir) || !statSync(outdir).isDirectory()) {
    throw new UserFacingError(`plinth cost: ${outdir}: no such folder; synthesize first (npx cdktf synth writes cdktf.out) or name the output folder`);
  }
  const manifestFile = join(outdir, 'manifest.json');
  if (!existsSync(manifestFile)) throw new UserFacingError(`plinth cost: ${outdir} is not a cdktf output folder: it has no manifest.json`);
  try {
    const manifest = parseJson(manifestFile, readText(manifestFile));
    const entries = isObject(manifest) && isObject(manifest.stacks) ? manifest.stacks : {};
    return loadCdktfOutput(outdir).map((source) => {
      const entry = entries[source.stack];
      const listed = isObject(entry) && Array.isArray(entry.dependencies) ? entry.dependencies.filter((name): name is string => typeof name === 'string') : [];
      return { name: source.stack, resources: source.resources, providers: source.providers, dependencies: [...new Set([...listed, ...remoteStateStacks(source.resources)])] };
    });
  } catch (error) {
    if (error instanceof PolicyInputError) throw new UserFacingError(`plinth cost: ${error.message}`, undefined, { cause: error });
    throw error;
  }
}

/**
 * The stacks whose outputs a stack reads: cdktf names each cross-stack reference's remote state
 * `cross-stack-reference-input-<stack>`. What the policy engine, which has no manifest, links stacks by.
 */
export function remoteStateStacks(resources: readonly Resource[]): string[] {
  return resources
    .filter((resource) => resource.mode === 'data' && resource.type === 'terraform_remote_state')
    .map((resource) => /^cross-stack-reference-input-(.+)$/.exec(resource.name)?.[1])
    .filter((name): name is string => name !== undefined);
}

import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { LoadedConfig } from '../../core/config/load';
import type { PlatformConfig } from '../../core/config/schema';
import { UserFacingError } from '../../core/exit-codes';
import { emulatorEndpoint } from '../environment';
import { LAYERS, stackName } from '../names';
import { synthesizedStackNames } from '../synthesized-stacks';
import { applyStack, destroyStack, stackOutputs, type AppliedStack, type DestroyedStack, type StackRun } from './stack-deployer';
import type { TagsLocation } from './tagged-environments';

/**
 * Deploys or destroys all stacks of one environment with Terraform, in the order `cdktf deploy`
 * would use (foundation, add-ons, workloads) and its reverse. Shared by `plinth preview` and
 * `plinth janitor`.
 */

/** Why a stack is not run on the emulator: it has no Kubernetes API behind its EKS clusters. */
export const NO_KUBERNETES_ON_EMULATOR = 'the AWS API emulator runs no Kubernetes API server for its EKS clusters';

/** Where the environment's resources are, for the search by tags or labels. */
export function tagsLocation(config: PlatformConfig, environment: string): TagsLocation {
  const settings = config.environments[environment]?.cloud;
  if (config.cloud.provider === 'gcp') return { cloud: 'gcp', project: settings?.project ?? config.cloud.project };
  const endpoint = emulatorEndpoint(config, environment);
  return { cloud: 'aws', region: settings?.region ?? config.cloud.region, ...(endpoint ? { endpoint } : {}) };
}

/** Synthesizes every stack of the config into `outdir` (whole or not at all), in this process. */
export function synthesize(loaded: LoadedConfig, outdir: string): void {
  // Loaded when a delivery command runs, not when the CLI starts (cdktf and the providers take seconds).
  const { buildPlatformApp } = require('../platform-app') as typeof import('../platform-app');
  const { synthAtomically } = require('../atomic-synth') as typeof import('../atomic-synth');
  synthAtomically((staging) => buildPlatformApp(loaded, staging), outdir);
}

/** The environment's synthesized stacks in apply order, each with why it is skipped, if it is. */
export function environmentStacks(loaded: LoadedConfig, outdir: string, environment: string): { readonly stack: string; readonly skipped?: string }[] {
  const synthesized = synthesizedStackNames(outdir);
  const emulated = emulatorEndpoint(loaded.config, environment) !== undefined;
  const stacks = LAYERS.map((layer) => ({ layer, stack: stackName(loaded.config.platform, environment, layer) })).filter(({ stack }) => synthesized.has(stack));
  if (stacks.length === 0) throw new UserFacingError(`environment "${environment}" has no synthesized stacks in ${outdir}`);
  return stacks.map(({ layer, stack }) => (emulated && layer !== 'foundation' ? { stack, skipped: NO_KUBERNETES_ON_EMULATOR } : { stack }));
}

export interface DeliveryRun extends Omit<StackRun, 'emulated'> {
  readonly loaded: LoadedConfig;
}

function stackRun(run: DeliveryRun, environment: string): StackRun {
  return { ...run, emulated: emulatorEndpoint(run.loaded.config, environment) !== undefined };
}

export interface DeployedEnvironment {
  readonly applied: readonly AppliedStack[];
  readonly skipped: readonly { readonly stack: string; readonly why: string }[];
  readonly outputs: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

export async function deployEnvironment(run: DeliveryRun, environment: string): Promise<DeployedEnvironment> {
  const applied: AppliedStack[] = [];
  const skipped: { stack: string; why: string }[] = [];
  const outputs: Record<string, Record<string, unknown>> = {};
  for (const { stack, skipped: why } of environmentStacks(run.loaded, run.outdir, environment)) {
    if (why) {
      skipped.push({ stack, why });
      continue;
    }
    applied.push(await applyStack(stackRun(run, environment), stack));
    outputs[stack] = await stackOutputs(stackRun(run, environment), stack);
  }
  return { applied, skipped, outputs };
}

/** Destroys the environment's stacks in reverse order; stacks never deployed are passed over. */
export async function destroyEnvironment(run: DeliveryRun, environment: string): Promise<DestroyedStack[]> {
  const destroyed: DestroyedStack[] = [];
  for (const { stack, skipped } of environmentStacks(run.loaded, run.outdir, environment).reverse()) {
    if (skipped || !existsSync(path.join(run.outdir, 'stacks', stack))) continue;
    const result = await destroyStack(stackRun(run, environment), stack);
    if (result) destroyed.push(result);
  }
  return destroyed;
}

import { existsSync, readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import * as path from 'node:path';
import { UserFacingError } from '../../core/exit-codes';
import type { PlatformConfig } from '../../core/config/schema';
import { emulatorEndpoint } from '../../stacks/environment';
import { LAYERS, stackName, type Layer } from '../../stacks/names';
import { synthesizedStackNames } from '../../stacks/synthesized-stacks';

/** One synthesized stack as the GitHub workflows plan and deploy it. */
export interface CiStack {
  /** `<platform>-<env>-<layer>`, the folder under `<outdir>/stacks/`. */
  readonly name: string;
  readonly environment: string;
  readonly layer: Layer;
  /** The environment's region: what the cloud login of a workflow needs. */
  readonly region: string;
  /**
   * Whether a CI runner can plan and deploy it: a real cloud (no emulator endpoint) and remote state
   * (an s3 or gcs backend). Local state would be lost with the runner.
   */
  readonly deployable: boolean;
  /** The repository variable holding the environment's plan role (`PLINTH_CI_PLAN_ROLE_<ENV>`). */
  readonly planRoleVariable: string;
  /** On GCP: the repository variable holding the environment's workload identity provider. */
  readonly workloadIdentityProviderVariable: string;
}

export interface CiStackList {
  readonly platform: string;
  readonly cloud: string;
  /** Deployable environments that have at least one listed stack, in config order. */
  readonly environments: readonly string[];
  /** In apply order within each environment: foundation, add-ons, workloads. */
  readonly stacks: readonly CiStack[];
}

export interface CiStackOptions {
  /** Only this environment. @default - every environment */
  readonly environment?: string;
  /** Only deployable stacks. @default false */
  readonly deployableOnly?: boolean;
  /** Only stacks whose synthesized JSON differs from (or is absent in) this other output folder. @default - every stack */
  readonly changedSince?: string;
}

/** `PLINTH_CI_PLAN_ROLE_<ENV>`: the environment name upper-cased, `-` as `_` (GitHub variable names allow neither lower case nor `-`). */
export function ciVariable(prefix: string, environment: string): string {
  return `${prefix}_${environment.toUpperCase().replace(/-/g, '_')}`;
}

/** The stacks synthesized into `outdir` (its manifest.json), each tied to its environment of the config. */
export function ciStacks(config: PlatformConfig, outdir: string, options: CiStackOptions = {}): CiStackList {
  if (options.environment !== undefined && !(options.environment in config.environments)) {
    throw new UserFacingError(`--env: environment "${options.environment}" is not defined in the config (defined: ${Object.keys(config.environments).join(', ')})`);
  }
  const synthesized = synthesizedStackNames(outdir);
  const stacks: CiStack[] = [];
  for (const [environment, settings] of Object.entries(config.environments)) {
    if (options.environment !== undefined && environment !== options.environment) continue;
    const deployable = emulatorEndpoint(config, environment) === undefined && (settings.backend?.type === 's3' || settings.backend?.type === 'gcs');
    if (options.deployableOnly && !deployable) continue;
    for (const layer of LAYERS) {
      const name = stackName(config.platform, environment, layer);
      if (!synthesized.has(name)) continue;
      if (options.changedSince !== undefined && !stackChanged(outdir, options.changedSince, name)) continue;
      stacks.push({
        name,
        environment,
        layer,
        region: settings.cloud?.region ?? config.cloud.region,
        deployable,
        planRoleVariable: ciVariable('PLINTH_CI_PLAN_ROLE', environment),
        workloadIdentityProviderVariable: ciVariable('PLINTH_CI_WORKLOAD_IDENTITY_PROVIDER', environment),
      });
    }
  }
  const environments = [...new Set(stacks.filter((stack) => stack.deployable).map((stack) => stack.environment))];
  return { platform: config.platform, cloud: config.cloud.provider, environments, stacks };
}

/**
 * A stack changed when the Terraform it holds differs, compared parsed (key order and formatting do not
 * count) and without the `"//"` comments Terraform ignores (construct paths, the source line of each
 * resource: moved code is no change), or when the other output has no such stack: a new stack needs a plan too.
 */
function stackChanged(outdir: string, baseOutdir: string, name: string): boolean {
  const base = path.join(baseOutdir, 'stacks', name, 'cdk.tf.json');
  if (!existsSync(base)) return true;
  const head = path.join(outdir, 'stacks', name, 'cdk.tf.json');
  return !isDeepStrictEqual(terraformOnly(JSON.parse(readFileSync(head, 'utf8'))), terraformOnly(JSON.parse(readFileSync(base, 'utf8'))));
}

function terraformOnly(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(terraformOnly);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => key !== '//').map(([key, child]) => [key, terraformOnly(child)]));
}

/** One line per stack: name, environment, layer and whether CI deploys it. */
export function ciStacksText(list: CiStackList): string {
  if (list.stacks.length === 0) return 'no stacks\n';
  return list.stacks.map((stack) => `${stack.name}  ${stack.environment}  ${stack.layer}  ${stack.deployable ? 'deployable' : 'not deployable from CI (emulator or local state)'}\n`).join('');
}

import { App, type TerraformStack } from 'cdktf';
import { BLUEPRINTS } from '../blueprints';
import { recordResourceSources } from '../policies/engine/source';
import { enforcePolicies } from '../policies/synth';
import { UserFacingError } from '../core/exit-codes';
import { configureBackend } from './backend';
import { CLOUD_KITS } from './cloud-kits';
import type { LoadedConfig } from '../core/config/load';
import { resolveEnvironment } from './environment';
import { FoundationStack } from './foundation-stack';
import { implementationGap } from './implemented';
import { stackName } from './names';
import { KubernetesStack } from './kubernetes-stack';

/**
 * One cdktf App holding a foundation and a workloads stack per environment of the config. Throws
 * before building anything when the config asks for what Plinth cannot build yet.
 */
export function buildPlatformApp(loaded: LoadedConfig, outdir: string): App {
  // Policy findings (SARIF in pull requests) point at the TypeScript line that created each resource.
  recordResourceSources();
  const { config } = loaded;
  const gap = implementationGap(config);
  const blueprint = gap ? undefined : BLUEPRINTS[config.blueprint]?.();
  const cloud = CLOUD_KITS[config.cloud.provider];
  if (gap || !blueprint || !cloud) throw new UserFacingError(`${loaded.file}: ${gap}; nothing was synthesized.`);

  const app = new App({ outdir });
  for (const environmentName of Object.keys(config.environments)) {
    const environment = resolveEnvironment(config, environmentName, blueprint.defaults);
    const backend = (name: string) => ({
      platform: config.platform,
      environment: environmentName,
      stackName: name,
      region: environment.region,
      configDirectory: loaded.directory,
    });

    const foundationName = stackName(config.platform, environmentName, 'foundation');
    const foundation = new FoundationStack(app, foundationName, { platform: config, environment, blueprint, cloud });
    configureBackend(foundation, environment.settings.backend, backend(foundationName));

    const cluster = foundation.handles.cluster.access;
    const stacks: TerraformStack[] = [foundation];
    let addons: KubernetesStack | undefined;
    if (foundation.built.hasClusterAddons) {
      const addonsName = stackName(config.platform, environmentName, 'addons');
      addons = new KubernetesStack(app, addonsName, { cluster, build: foundation.built.clusterAddons });
      configureBackend(addons, environment.settings.backend, backend(addonsName));
      stacks.push(addons);
    }

    const workloadsName = stackName(config.platform, environmentName, 'workloads');
    const workloads = new KubernetesStack(app, workloadsName, { cluster, build: foundation.built.workloads });
    configureBackend(workloads, environment.settings.backend, backend(workloadsName));
    // `cdktf deploy` applies the add-ons (and their CRDs) first, and destroys them last.
    if (addons) workloads.addDependency(addons);
    stacks.push(workloads);

    if (environment.production) {
      // A production environment never synthesizes with a critical or high policy finding.
      for (const stack of stacks) enforcePolicies(stack, { environment: { name: environmentName, production: true } });
    }
  }
  return app;
}

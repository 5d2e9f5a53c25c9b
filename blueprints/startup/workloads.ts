import type { Construct } from 'constructs';
import { PlatformNamespace } from '../../constructs/k8s/platform-namespace';
import type { BlueprintEnvironment } from '../blueprint';
import type { StartupHandles } from './foundation';
import { SERVICES_NAMESPACE } from './services';

/** The startup workloads: Plinth's namespace, its enabled services and their monitoring. */
export function startupWorkloads(scope: Construct, { resolved, platform }: BlueprintEnvironment, _handles: StartupHandles): void {
  new PlatformNamespace(scope, 'Namespace', {
    name: SERVICES_NAMESPACE,
    labels: { 'plinth.dev/platform': platform.platform, 'plinth.dev/environment': resolved.name },
  });
}

import type { Construct } from 'constructs';
import { DatabaseBootstrapJob } from '../../constructs/k8s/database-bootstrap-job';
import { MetricsServer } from '../../constructs/k8s/monitoring/metrics-server';
import { MONITORING_NAMESPACE, Monitoring, type MonitoringProps } from '../../constructs/k8s/monitoring/monitoring';
import { PlatformNamespace } from '../../constructs/k8s/platform-namespace';
import { PlinthService } from '../../constructs/k8s/plinth-service';
import type { EnvironmentConfig } from '../../core/config/schema';
import type { BlueprintEnvironment } from '../blueprint';
import type { StartupHandles } from './foundation';
import { serviceArgs } from './service-args';
import { SERVICES_NAMESPACE, serviceDefinition, usesCloud } from './services';

/**
 * The startup workloads: Plinth's namespace; per enabled service its database bootstrap Job (when it
 * has a database) and the service itself (image from the platform's registry at the configured
 * version, configured from the foundation's handles, allowed out to the services it calls; the console with no cloud identity
 * and no token of its own, reached by port-forward); metrics-server for the autoscalers; and, with monitoring on,
 * kube-prometheus-stack scraping the services, with their alert rules and dashboards.
 */
/** Labels of every namespace Plinth makes: which platform and environment it belongs to. */
export function environmentLabels({ resolved, platform }: BlueprintEnvironment): Record<string, string> {
  return { 'plinth.dev/platform': platform.platform, 'plinth.dev/environment': resolved.name };
}

/** What a larger blueprint's workloads add to the monitoring stack: their scrape targets, rules and dashboards. */
export type MonitoringAdditions = Pick<MonitoringProps, 'serviceMonitors' | 'prometheusRules' | 'dashboards' | 'queriedFrom'>;

/** Monitoring additions being collected, each list open for `push`: start from `additions`, or empty. */
export function collectMonitoringAdditions(additions: MonitoringAdditions = {}): { -readonly [K in keyof MonitoringAdditions]-?: NonNullable<MonitoringAdditions[K]>[number][] } {
  return {
    serviceMonitors: [...(additions.serviceMonitors ?? [])],
    prometheusRules: [...(additions.prometheusRules ?? [])],
    dashboards: [...(additions.dashboards ?? [])],
    queriedFrom: [...(additions.queriedFrom ?? [])],
  };
}

export function startupWorkloads(scope: Construct, { resolved, platform }: BlueprintEnvironment, handles: StartupHandles, additions: MonitoringAdditions = {}): void {
  const labels = environmentLabels({ resolved, platform });
  const monitoring = resolved.capabilities.monitoring;
  const namespace = new PlatformNamespace(scope, 'Namespace', { name: SERVICES_NAMESPACE, labels, identityEndpoints: handles.cluster.identityEndpoints });
  // What pods calling the cloud's APIs need (AWS: the region for the SDKs).
  const env = handles.cluster.podEnvironment;

  const enabled = handles.services.map(({ definition }) => definition.name);
  const services = handles.services.map(({ definition, identities, login }) => {
    // A service is enabled, so the foundation made its repository (and its database, when it has one).
    const image = `${handles.registry!.repositoryUrls[definition.name]}:${resolved.serviceVersion}`;
    const database = definition.database && handles.database!;
    const databaseAllow = database && { cidr: handles.networkCidr, port: database.port };
    const bootstrap =
      database &&
      new DatabaseBootstrapJob(scope, `${definition.name}-database`, {
        namespace,
        service: definition.name,
        image,
        identity: identities.databaseBootstrap!,
        env,
        database: { ...databaseAllow!, server: database, name: definition.database!.name, role: login!.user },
      });
    return new PlinthService(scope, definition.name, {
      namespace,
      name: definition.name,
      image,
      port: definition.port,
      args: serviceArgs(definition, { login, artifactsUri: handles.artifacts.uri, modelRegistry: handles.modelRegistry, enabled }),
      // What pods calling the cloud's APIs need; nothing for a service that calls none.
      env: usesCloud(definition) ? env : undefined,
      // The foundation made a cloud identity for each service that touches a cloud resource, and only for those.
      identity: identities.service ?? 'none',
      egress: {
        database: databaseAllow,
        services: [...(definition.calls ?? []), ...(definition.forwardsTo ?? []).filter((name) => enabled.includes(name))].map((name) => ({ name, port: serviceDefinition(name).port })),
        cloudApis: usesCloud(definition),
      },
      // A caller presents a credential of each service it calls, from its `<name>-clients` Secret.
      clientCredentials: definition.calls?.length ? {} : undefined,
      // A service that forwards its users' tokens (the console) has none of its own, and nothing in the namespace calls it.
      ownTokens: definition.forwardsTo === undefined,
      callers: definition.forwardsTo === undefined ? undefined : { namespacePods: false, namespaces: ingressNamespaces(definition.name, resolved.settings) },
      cache: definition.cache,
      resources: definition.resources,
      scrapedFrom: monitoring && definition.scraped !== false ? MONITORING_NAMESPACE : undefined,
      databaseBootstrap: bootstrap,
      minReplicas: definition.replicas ?? resolved.sizes.serviceReplicas.min,
      maxReplicas: definition.replicas ?? resolved.sizes.serviceReplicas.max,
    });
  });

  if (!handles.cluster.managedAddons.includes('metrics-server')) new MetricsServer(scope, 'MetricsServer');
  if (monitoring) {
    new Monitoring(scope, 'Monitoring', {
      ...additions,
      serviceMonitors: [...services.flatMap((service) => (service.serviceMonitor ? [service.serviceMonitor] : [])), ...(additions.serviceMonitors ?? [])],
      drift: resolved.capabilities.drift,
      namespaceLabels: labels,
    });
  }
}

/** The ingress controller's namespace a config lets reach a service (the console's `services.console.ingressNamespace`). */
function ingressNamespaces(service: string, settings: EnvironmentConfig): string[] {
  const namespace = service === 'console' ? settings.services?.console?.ingressNamespace : undefined;
  return namespace === undefined ? [] : [namespace];
}

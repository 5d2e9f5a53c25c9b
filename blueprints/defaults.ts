import type { NodePoolSpec } from '../constructs/kit';
import type { Capability, CapabilitySwitches } from './capabilities';

/** Sizes that mean the same thing on every cloud. */
export interface PortableSizes {
  readonly network: { readonly cidr: string; readonly zoneCount: number; readonly flowLogRetentionDays: number };
  readonly artifacts: { readonly noncurrentTransitionDays: number; readonly noncurrentExpirationDays: number };
  readonly database: { readonly allocatedStorageGb: number; readonly maxAllocatedStorageGb: number; readonly backupRetentionDays: number };
  readonly cluster: { readonly version: string; readonly logRetentionDays: number };
  readonly systemNodes: Pick<NodePoolSpec, 'minSize' | 'desiredSize' | 'maxSize'>;
  /** Replicas of each Plinth service: the HPA scales between them. */
  readonly serviceReplicas: { readonly min: number; readonly max: number };
  readonly monthlyBudgetUsd: number;
}

/** Sizes named in one cloud's own units: an AWS instance type means nothing on GCP. */
export interface CloudSizes {
  /** RDS instance class (AWS) or Cloud SQL tier (GCP). */
  readonly databaseInstanceClass: string;
  /** EC2 instance type (AWS) or machine type (GCP) of the system nodes. */
  readonly systemNodeType: string;
}

export type EnvironmentKind = 'development' | 'production';

/**
 * One blueprint's defaults: the only place sizes and switches are written down. Environments
 * resolve from it once (stacks/environment.ts), the README's defaults table is rendered from it
 * (`npx plinth config defaults`), and platform.yaml overrides any of it per environment.
 */
export interface BlueprintDefaults {
  readonly capabilities: CapabilitySwitches;
  readonly sizes: Readonly<Record<EnvironmentKind, PortableSizes>>;
  readonly cloudSizes: Readonly<Record<'aws' | 'gcp', Readonly<Record<EnvironmentKind, CloudSizes>>>>;
}

/** The README's defaults table of one blueprint: one row per setting, development and production side by side. */
export function defaultsTable(blueprint: string, defaults: BlueprintDefaults): string {
  const { development: dev, production: prod } = defaults.sizes;
  const row = (setting: string, field: string | undefined, pick: (sizes: PortableSizes) => unknown) => `| ${setting} | ${fieldCell(field)} | ${String(pick(dev))} | ${String(pick(prod))} |`;
  const cloudRow = (cloud: 'aws' | 'gcp', setting: string, field: string, pick: (sizes: CloudSizes) => string) =>
    `| ${setting} (${cloud.toUpperCase()}) | \`${field}\` | \`${pick(defaults.cloudSizes[cloud].development)}\` | \`${pick(defaults.cloudSizes[cloud].production)}\` |`;
  const capabilityRow = (name: Capability) => `| capability \`${name}\` (also top-level) | \`capabilities.${name}\` | ${onOff(defaults.capabilities[name])} | ${onOff(defaults.capabilities[name])} |`;
  return [
    `| ${blueprint} | field of \`environments.<name>\` | development | production |`,
    '| --- | --- | --- | --- |',
    ...(Object.keys(defaults.capabilities) as Capability[]).map(capabilityRow),
    '| high availability (multi-zone database, NAT per zone) | `ha` | off | on |',
    '| deletion protection | `deletionProtection` | off | on |',
    row('network range', 'network.cidr', (s) => `\`${s.network.cidr}\``),
    row('zones', 'network.availabilityZones', (s) => s.network.zoneCount),
    row('flow log retention (days)', undefined, (s) => s.network.flowLogRetentionDays),
    row('replaced artifact versions tiered after (days)', 'artifacts.noncurrentTransitionDays', (s) => s.artifacts.noncurrentTransitionDays),
    row('replaced artifact versions deleted after (days)', 'artifacts.noncurrentExpirationDays', (s) => s.artifacts.noncurrentExpirationDays),
    cloudRow('aws', 'database class', 'database.instanceClass', (s) => s.databaseInstanceClass),
    cloudRow('gcp', 'database class', 'database.instanceClass', (s) => s.databaseInstanceClass),
    row('database storage (GB)', 'database.allocatedStorageGb', (s) => s.database.allocatedStorageGb),
    row('database storage ceiling (GB)', 'database.maxAllocatedStorageGb', (s) => s.database.maxAllocatedStorageGb),
    row('database backups kept (days)', 'database.backupRetentionDays', (s) => s.database.backupRetentionDays),
    row('Kubernetes version', 'cluster.version', (s) => `\`${s.cluster.version}\``),
    row('control-plane log retention (days)', undefined, (s) => s.cluster.logRetentionDays),
    cloudRow('aws', 'system node type', 'cluster.systemNodes.instanceType', (s) => s.systemNodeType),
    cloudRow('gcp', 'system node type', 'cluster.systemNodes.instanceType', (s) => s.systemNodeType),
    row('system nodes min / desired / max', 'cluster.systemNodes.*Size', (s) => `${s.systemNodes.minSize} / ${s.systemNodes.desiredSize} / ${s.systemNodes.maxSize}`),
    row('replicas per service, min / max', 'services.replicas.*', (s) => `${s.serviceReplicas.min} / ${s.serviceReplicas.max}`),
    row('monthly budget (USD)', 'budget.monthlyUsd', (s) => s.monthlyBudgetUsd),
  ].join('\n');
}

/** A setting platform.yaml cannot change is shown without a field. */
function fieldCell(field: string | undefined): string {
  return field === undefined ? '–' : `\`${field}\``;
}

function onOff(value: boolean): string {
  return value ? 'on' : 'off';
}

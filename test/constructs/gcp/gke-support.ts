import type { TerraformStack } from 'cdktf';
import { GkeCluster, type GkeClusterProps } from '../../../constructs/gcp/gke-cluster';
import type { StackJson } from '../../support/synth';
import { synthGcpStack } from '../../support/construct-synth';
import { TEST_PROJECT, TEST_REGION, testFoundation } from './support';

/** A GKE cluster `acme-dev` as GcpKit makes one (project services, key and network of the environment), then `use` on it. */
export function gkeStack(props: Partial<GkeClusterProps> = {}, use: (cluster: GkeCluster, stack: TerraformStack) => void = () => undefined): StackJson {
  return synthGcpStack((stack) => {
    const { services, key, network } = testFoundation(stack);
    const cluster = new GkeCluster(stack, 'Cluster', {
      project: TEST_PROJECT,
      region: TEST_REGION,
      name: 'acme-dev',
      network: network(),
      key,
      services,
      version: '1.33',
      publicAccessCidrs: [],
      deletionProtection: true,
      labels: { environment: 'dev' },
      ...props,
    });
    use(cluster, stack);
  });
}

/** The synthesized resource of `type` whose attribute `key` is `value`. */
export function resourceWhere(stack: StackJson, type: string, key: string, value: unknown): Record<string, any> {
  const found = Object.values(stack.resource?.[type] ?? {}).filter((resource) => (resource as Record<string, unknown>)[key] === value);
  if (found.length !== 1) throw new Error(`expected one ${type} with ${key} = ${JSON.stringify(value)}, found ${found.length}`);
  return found[0] as Record<string, any>;
}

/** The Terraform reference to an attribute of the resource of `type` whose `key` is `value`. */
export function refWhere(stack: StackJson, type: string, key: string, value: unknown, attribute: string): string {
  const name = Object.entries(stack.resource?.[type] ?? {}).find(([, resource]) => (resource as Record<string, unknown>)[key] === value)?.[0];
  if (!name) throw new Error(`no ${type} with ${key} = ${JSON.stringify(value)}`);
  return `\${${type}.${name}.${attribute}}`;
}

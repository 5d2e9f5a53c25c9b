import type { Construct } from 'constructs';
import { gcpLabelsOf, labelKeyOf } from '../../core/config/gcp-labels';
import type { EnvironmentContext, NetworkSpec } from '../kit';
import { GcpKit } from './kit';
import { gcpProvider } from './provider';

/** The API `plinth janitor` searches labels with: enabled by every environment's foundation. */
export const CLOUD_ASSET_API = 'cloudasset.googleapis.com';

export interface GcpCloudSettings {
  readonly project: string;
  readonly region: string;
  /** Names and protection of the environment. */
  readonly context: EnvironmentContext;
  /** The environment's network, built on first use. */
  readonly network: NetworkSpec;
  /** Plinth's tags, the cost tag among them, made GCP labels here (platform.yaml's validation already refused any that cannot be). */
  readonly tags: Readonly<Record<string, string>>;
  /** The tag budgets filter on, one of `tags` (its key made a label key). */
  readonly costTag: { readonly key: string; readonly value: string };
  /** @default - no budget can be made */
  readonly billingAccount?: string;
}

/** Configures a stack for Google Cloud (its provider, with Plinth's labels) and returns the environment's kit that builds into it. */
export function gcpCloud(stack: Construct, settings: GcpCloudSettings): GcpKit {
  // The tags already carry the cost tag (stacks/environment.ts); its label is looked up under its mapped key.
  const { labels, problems } = gcpLabelsOf(settings.tags);
  if (problems.length > 0) throw new Error(`${stack.node.path}: tags that cannot be GCP labels: ${problems.map((problem) => problem.message).join('; ')}`);
  gcpProvider(stack, 'google', { project: settings.project, region: settings.region, labels });
  const key = labelKeyOf(settings.costTag.key);
  const value = labels[key];
  if (value === undefined) throw new Error(`${stack.node.path}: the tags lack the cost tag ${settings.costTag.key}, which budgets filter on`);
  const kit = new GcpKit(stack, {
    project: settings.project,
    region: settings.region,
    context: settings.context,
    network: settings.network,
    labels,
    costLabel: { key, value },
    billingAccount: settings.billingAccount,
  });
  // `plinth janitor` and `plinth preview down` find environments by their labels through Cloud Asset Inventory,
  // in each environment's project (stacks/delivery/gcp-labelled-resources.ts).
  kit.services.enable(CLOUD_ASSET_API);
  return kit;
}

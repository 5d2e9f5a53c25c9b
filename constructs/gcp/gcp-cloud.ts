import type { Construct } from 'constructs';
import { gcpLabelsOf } from '../../core/config/gcp-labels';
import type { EnvironmentContext, NetworkSpec } from '../kit';
import { GcpKit } from './kit';
import { gcpProvider } from './provider';

export interface GcpCloudSettings {
  readonly project: string;
  readonly region: string;
  /** Names and protection of the environment. */
  readonly context: EnvironmentContext;
  /** The environment's network, built on first use. */
  readonly network: NetworkSpec;
  /** Plinth's tags, made GCP labels here (platform.yaml's validation already refused any that cannot be). */
  readonly tags: Readonly<Record<string, string>>;
  /** Budgets count only costs carrying this tag (its key made a label key). */
  readonly costTag: { readonly key: string; readonly value: string };
  /** @default - no budget can be made */
  readonly billingAccount?: string;
}

/** Configures a stack for Google Cloud (its provider, with Plinth's labels) and returns the environment's kit that builds into it. */
export function gcpCloud(stack: Construct, settings: GcpCloudSettings): GcpKit {
  const { labels, problems } = gcpLabelsOf({ ...settings.tags, [settings.costTag.key]: settings.costTag.value });
  if (problems.length > 0) throw new Error(`${stack.node.path}: tags that cannot be GCP labels: ${problems.map((problem) => problem.message).join('; ')}`);
  gcpProvider(stack, 'google', { project: settings.project, region: settings.region, labels });
  const costLabel = gcpLabelsOf({ [settings.costTag.key]: settings.costTag.value }).labels;
  const [key, value] = Object.entries(costLabel)[0]!;
  return new GcpKit(stack, {
    project: settings.project,
    region: settings.region,
    context: settings.context,
    network: settings.network,
    labels,
    costLabel: { key, value },
    billingAccount: settings.billingAccount,
  });
}

import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import type { Construct } from 'constructs';

export interface GcpProviderProps {
  readonly project: string;
  readonly region: string;
  /** Labels on every labelled resource (the provider's default_labels), already in GCP's form. */
  readonly labels: Readonly<Record<string, string>>;
}

/**
 * The Google provider of a foundation stack: one project and region, Plinth's labels on everything, and
 * requests billed to that project (`user_project_override`), so that APIs such as Billing Budgets are
 * charged and quota-checked against the platform's project rather than the caller's.
 */
export function gcpProvider(scope: Construct, id: string, props: GcpProviderProps): GoogleProvider {
  const provider = new GoogleProvider(scope, id, {
    project: props.project,
    region: props.region,
    userProjectOverride: true,
    billingProject: props.project,
  });
  // Set as an override: cdktf rewrites the keys of a provider's map attribute (`cost-center` would become
  // `cost_center`, and every cost report would miss the label).
  provider.addOverride('default_labels', { ...props.labels });
  return provider;
}

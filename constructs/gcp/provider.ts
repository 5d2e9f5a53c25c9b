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
  return new GoogleProvider(scope, id, {
    project: props.project,
    region: props.region,
    defaultLabels: { ...props.labels },
    userProjectOverride: true,
    billingProject: props.project,
  });
}

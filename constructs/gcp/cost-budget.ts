import { Construct } from 'constructs';
import type { ProjectServices } from './project-services';

export interface BillingBudgetProps {
  readonly project: string;
  readonly billingAccount: string;
  readonly name: string;
  readonly monthlyUsd: number;
  readonly alertEmails: readonly string[];
  readonly thresholdsPercent: readonly number[];
  /** Only costs carrying this label count. */
  readonly costLabel: { readonly key: string; readonly value: string };
  readonly services: ProjectServices;
}

/** A Cloud Billing budget on the environment's label, alerting at each threshold. */
export class BillingBudget extends Construct {
  constructor(scope: Construct, id: string, readonly props: BillingBudgetProps) {
    super(scope, id);
    throw new Error(`BillingBudget ${this.node.path}: not built yet`);
  }
}

import { BudgetsBudget } from '@cdktf/provider-aws/lib/budgets-budget';
import { Construct } from 'constructs';

export interface CostBudgetProps {
  readonly name: string;
  readonly monthlyUsd: number;
  readonly alertEmails: readonly string[];
  /**
   * Only count costs carrying this tag (`key`, `value`); the tag must be activated as a cost
   * allocation tag in the billing console.
   * @default - every cost of the account
   */
  readonly costTag?: { readonly key: string; readonly value: string };
  /** Alert when actual spend passes these percentages. @default [80, 100] */
  readonly thresholdsPercent?: readonly number[];
  /**
   * Account the budget belongs to. Needed explicitly when the provider does not look the account up
   * (emulators).
   * @default - the provider's account
   */
  readonly accountId?: string;
}

/** A monthly cost budget that emails its owners as actual spend crosses each threshold. */
export class CostBudget extends Construct {
  readonly budget: BudgetsBudget;

  constructor(scope: Construct, id: string, props: CostBudgetProps) {
    super(scope, id);
    if (!(props.monthlyUsd > 0)) throw new Error(`CostBudget ${this.node.path}: monthlyUsd must be positive, got ${props.monthlyUsd}`);
    if (props.alertEmails.length === 0) throw new Error(`CostBudget ${this.node.path}: alertEmails must list at least one address`);
    this.budget = new BudgetsBudget(this, 'Resource', {
      name: props.name,
      accountId: props.accountId,
      budgetType: 'COST',
      limitAmount: props.monthlyUsd.toFixed(2),
      limitUnit: 'USD',
      timeUnit: 'MONTHLY',
      costFilter: props.costTag ? [{ name: 'TagKeyValue', values: [`user:${props.costTag.key}$${props.costTag.value}`] }] : undefined,
      notification: (props.thresholdsPercent ?? [80, 100]).map((threshold) => ({
        comparisonOperator: 'GREATER_THAN',
        notificationType: 'ACTUAL',
        threshold,
        thresholdType: 'PERCENTAGE',
        subscriberEmailAddresses: [...props.alertEmails],
      })),
    });
  }
}

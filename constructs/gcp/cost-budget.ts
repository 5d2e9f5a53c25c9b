import { BillingBudget as GoogleBillingBudget } from '@cdktf/provider-google/lib/billing-budget';
import { DataGoogleProject } from '@cdktf/provider-google/lib/data-google-project';
import { MonitoringNotificationChannel } from '@cdktf/provider-google/lib/monitoring-notification-channel';
import { Construct } from 'constructs';
import type { ProjectServices } from './project-services';

export interface BillingBudgetProps {
  readonly project: string;
  /** The Cloud Billing account that pays for the project (`XXXXXX-XXXXXX-XXXXXX`). */
  readonly billingAccount: string;
  readonly name: string;
  readonly monthlyUsd: number;
  /** Who is told as spend crosses each threshold: one email notification channel each (a budget takes at most 5). */
  readonly alertEmails: readonly string[];
  /**
   * Percentages of `monthlyUsd` that alert when actual spend crosses them. The kit passes BudgetSpec's
   * `alertThresholdsPercent`, which the environment stack sets to 80 and 100: a warning with a fifth of the month's
   * money left, and the moment the budget is spent (stacks/environment.ts).
   */
  readonly thresholdsPercent: readonly number[];
  /** Only costs carrying this label count. */
  readonly costLabel: { readonly key: string; readonly value: string };
  readonly services: ProjectServices;
}

const BILLING_ACCOUNT = /^[0-9A-F]{6}-[0-9A-F]{6}-[0-9A-F]{6}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** Cloud Billing refuses a budget with more monitoring notification channels than this. */
const MAX_CHANNELS = 5;

/**
 * A Cloud Billing budget on the environment's label, alerting at each threshold. Budgets email through Cloud
 * Monitoring notification channels (one per address); the billing account's administrators keep getting Google's
 * default emails too.
 */
export class BillingBudget extends Construct {
  readonly budget: GoogleBillingBudget;
  readonly channels: MonitoringNotificationChannel[];

  constructor(scope: Construct, id: string, readonly props: BillingBudgetProps) {
    super(scope, id);
    this.validate(props);
    const monitoring = props.services.enable('monitoring.googleapis.com');
    const budgets = props.services.enable('billingbudgets.googleapis.com');
    this.channels = props.alertEmails.map(
      (email, i) =>
        new MonitoringNotificationChannel(this, `Email${i + 1}`, {
          project: props.project,
          displayName: `${props.name} budget: ${email}`,
          type: 'email',
          labels: { email_address: email },
          dependsOn: [monitoring],
        }),
    );
    // The budget filter names the project by number, the form Cloud Billing keeps.
    const project = new DataGoogleProject(this, 'Project', { projectId: props.project });
    const units = Math.floor(props.monthlyUsd);
    this.budget = new GoogleBillingBudget(this, 'Resource', {
      billingAccount: props.billingAccount,
      displayName: props.name,
      amount: { specifiedAmount: { currencyCode: 'USD', units: String(units), nanos: Math.round((props.monthlyUsd - units) * 1e9) } },
      budgetFilter: {
        projects: [`projects/${project.number}`],
        // The provider takes the label filter as a map of one key to one value.
        labels: { [props.costLabel.key]: props.costLabel.value },
        calendarPeriod: 'MONTH',
      },
      thresholdRules: props.thresholdsPercent.map((percent) => ({ thresholdPercent: percent / 100, spendBasis: 'CURRENT_SPEND' })),
      allUpdatesRule: { monitoringNotificationChannels: this.channels.map((channel) => channel.id), disableDefaultIamRecipients: false },
      dependsOn: [budgets],
    });
  }

  private validate(props: BillingBudgetProps): void {
    const where = `BillingBudget ${this.node.path}`;
    if (!BILLING_ACCOUNT.test(props.billingAccount)) {
      throw new Error(`${where}: billingAccount "${props.billingAccount}" is not a billing account id; expected one like "01A2B3-C4D5E6-F7A8B9" (upper-case hex)`);
    }
    if (!Number.isFinite(props.monthlyUsd) || props.monthlyUsd <= 0) {
      throw new Error(`${where}: monthlyUsd must be a positive amount of US dollars, got ${props.monthlyUsd}`);
    }
    if (props.alertEmails.length === 0 || props.alertEmails.length > MAX_CHANNELS) {
      throw new Error(`${where}: alertEmails must list 1 to ${MAX_CHANNELS} addresses (a budget notifies at most ${MAX_CHANNELS} channels), got ${props.alertEmails.length}`);
    }
    const badEmail = props.alertEmails.find((email) => !EMAIL.test(email));
    if (badEmail !== undefined) throw new Error(`${where}: alertEmails has "${badEmail}", which is not an email address`);
    if (props.thresholdsPercent.length === 0) throw new Error(`${where}: thresholdsPercent must list at least one percentage, such as [80, 100]`);
    const badPercent = props.thresholdsPercent.find((percent) => !Number.isFinite(percent) || percent <= 0);
    if (badPercent !== undefined) throw new Error(`${where}: thresholdsPercent has ${badPercent}; each must be a positive percentage of monthlyUsd, such as 80 or 100`);
  }
}

import { BillingBudget, type BillingBudgetProps } from '../../../constructs/gcp/cost-budget';
import { ProjectServices } from '../../../constructs/gcp/project-services';
import { only, resourcesOf, synthGcpStack } from '../../support/construct-synth';

function budget(props: Partial<BillingBudgetProps> = {}) {
  return synthGcpStack((s) => {
    const services = new ProjectServices(s, 'Services', { project: 'acme-ml-dev' });
    new BillingBudget(s, 'Budget', {
      project: 'acme-ml-dev',
      billingAccount: '01A2B3-C4D5E6-F7A8B9',
      name: 'acme-dev-monthly',
      monthlyUsd: 500,
      alertEmails: ['ops@acme.example', 'finance@acme.example'],
      thresholdsPercent: [80, 100],
      costLabel: { key: 'environment', value: 'dev' },
      services,
      ...props,
    });
  });
}

function build(props: Partial<BillingBudgetProps>): () => void {
  return () => budget(props);
}

describe('BillingBudget', () => {
  const stack = budget();
  const resource = only(stack, 'google_billing_budget');

  it('budgets the monthly amount in USD on the billing account', () => {
    expect(resource.billing_account).toBe('01A2B3-C4D5E6-F7A8B9');
    expect(resource.amount).toEqual({ specified_amount: { currency_code: 'USD', units: '500', nanos: 0 } });
    expect(only(budget({ monthlyUsd: 12.5 }), 'google_billing_budget').amount.specified_amount).toEqual({ currency_code: 'USD', units: '12', nanos: 500000000 });
  });

  it("counts only the project's costs that carry the environment's label, per calendar month", () => {
    expect(resource.budget_filter.projects).toEqual([expect.stringMatching(/^projects\/\$\{data\.google_project\.Budget_Project_[0-9A-F]+\.number\}$/)]);
    expect(Object.values(stack.data?.google_project ?? {}).map((p: any) => p.project_id)).toEqual(['acme-ml-dev']);
    expect(resource.budget_filter.labels).toEqual({ environment: 'dev' });
    expect(resource.budget_filter.calendar_period).toBe('MONTH');
  });

  it('alerts on actual spend at each threshold, as fractions', () => {
    expect(resource.threshold_rules).toEqual([
      { threshold_percent: 0.8, spend_basis: 'CURRENT_SPEND' },
      { threshold_percent: 1, spend_basis: 'CURRENT_SPEND' },
    ]);
  });

  it('emails each address through its own monitoring notification channel', () => {
    const channels = resourcesOf(stack, 'google_monitoring_notification_channel');
    expect(channels.map((c) => [c.type, c.labels.email_address])).toEqual([
      ['email', 'ops@acme.example'],
      ['email', 'finance@acme.example'],
    ]);
    const ids = resource.all_updates_rule.monitoring_notification_channels as string[];
    expect(ids).toHaveLength(2);
    expect(ids.every((id) => /^\$\{google_monitoring_notification_channel\.Budget_Email[12]_[0-9A-F]+\.id\}$/.test(id))).toBe(true);
    expect(resource.all_updates_rule.disable_default_iam_recipients).toBe(false);
  });

  it('enables the Monitoring and Billing Budgets APIs before using them', () => {
    const apis = resourcesOf(stack, 'google_project_service');
    expect(apis.map((a) => a.service).sort()).toEqual(['billingbudgets.googleapis.com', 'monitoring.googleapis.com']);
    expect(resource.depends_on).toEqual([expect.stringMatching(/^google_project_service\.Services_billingbudgets_/)]);
    expect(resourcesOf(stack, 'google_monitoring_notification_channel').every((c) => /Services_monitoring_/.test(c.depends_on[0]))).toBe(true);
  });

  it('refuses bad props, naming the construct, the value and what is valid', () => {
    expect(build({ billingAccount: 'acme' })).toThrow('BillingBudget test/Budget: billingAccount "acme" is not a billing account id; expected one like "01A2B3-C4D5E6-F7A8B9"');
    expect(build({ monthlyUsd: 0 })).toThrow('monthlyUsd must be a positive amount of US dollars, got 0');
    expect(build({ monthlyUsd: Number.NaN })).toThrow('got NaN');
    expect(build({ alertEmails: [] })).toThrow('alertEmails must list 1 to 5 addresses (a budget notifies at most 5 channels), got 0');
    expect(build({ alertEmails: ['a@x.io', 'b@x.io', 'c@x.io', 'd@x.io', 'e@x.io', 'f@x.io'] })).toThrow('got 6');
    expect(build({ alertEmails: ['ops at acme'] })).toThrow('alertEmails has "ops at acme", which is not an email address');
    expect(build({ thresholdsPercent: [] })).toThrow('thresholdsPercent must list at least one percentage');
    expect(build({ thresholdsPercent: [80, -5] })).toThrow('thresholdsPercent has -5; each must be a positive percentage');
  });
});

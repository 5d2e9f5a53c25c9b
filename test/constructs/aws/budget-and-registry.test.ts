import { CostBudget } from '../../../constructs/aws/cost-budget';
import { ModelPackageGroup } from '../../../constructs/aws/model-package-group';
import { only, synthAwsStack } from '../../support/construct-synth';

describe('CostBudget', () => {
  const stack = synthAwsStack((s) => {
    new CostBudget(s, 'Budget', { name: 'acme-dev-monthly', monthlyUsd: 800, alertEmails: ['team@acme.example'], accountId: '123456789012', costTag: { key: 'plinth:environment', value: 'acme-dev' } });
  });
  const budget = only(stack, 'aws_budgets_budget');

  it('is a monthly cost budget in US dollars for the environment’s tagged costs', () => {
    expect(budget).toMatchObject({ budget_type: 'COST', time_unit: 'MONTHLY', limit_amount: '800.00', limit_unit: 'USD', account_id: '123456789012' });
    expect(budget.cost_filter).toEqual([{ name: 'TagKeyValue', values: ['user:plinth:environment$acme-dev'] }]);
  });

  it('emails its owners at 80% and 100% of actual spend', () => {
    expect(budget.notification).toEqual(
      [80, 100].map((threshold) => ({
        comparison_operator: 'GREATER_THAN',
        notification_type: 'ACTUAL',
        threshold,
        threshold_type: 'PERCENTAGE',
        subscriber_email_addresses: ['team@acme.example'],
      })),
    );
  });

  it('refuses a budget nobody hears about, or of no money', () => {
    expect(() => synthAwsStack((s) => new CostBudget(s, 'B', { name: 'b', monthlyUsd: 10, alertEmails: [] }))).toThrow(/alertEmails must list at least one address/);
    expect(() => synthAwsStack((s) => new CostBudget(s, 'B', { name: 'b', monthlyUsd: 0, alertEmails: ['a@b.example'] }))).toThrow(/monthlyUsd must be positive/);
  });
});

describe('ModelPackageGroup', () => {
  it('creates the SageMaker model package group the gates mirror into', () => {
    const stack = synthAwsStack((s) => new ModelPackageGroup(s, 'Models', { name: 'acme-dev-models' }));
    expect(only(stack, 'aws_sagemaker_model_package_group').model_package_group_name).toBe('acme-dev-models');
  });
});

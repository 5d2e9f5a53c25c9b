import { evaluate } from '../../../policies/engine/evaluate';
import { idleCostWithinBudget } from '../../../policies/rules/finops/idle-cost-within-budget';
import { PRICES } from '../../../services/cost/prices/price-table';
import { awsFoundation, graph, gpuWorkloads } from '../../services/cost/stack-fixtures';

const AWS = PRICES.aws['eu-west-1']!;
const HOURS = PRICES.hoursPerMonth;
/** What awsFoundation costs idle with 2 system nodes: control plane, 2 x t3.large with 20 GB, NAT. */
const IDLE = AWS.eksControlPlanePerHour.standard * HOURS + 2 * (AWS.ec2PerHour['t3.large']! * HOURS + 20 * AWS.ebsPerGbMonth.gp3!) + AWS.natGatewayPerHour * HOURS;

function findings(...graphs: ReturnType<typeof graph>[]) {
  return evaluate(graphs, [idleCostWithinBudget]).findings.map((f) => `${f.stack} ${f.resource}: ${f.message}`);
}

describe('PLN-COST-005: an environment costs less idle than its budget', () => {
  it('finds a budget below the idle estimate, with both numbers and the biggest items', () => {
    expect(Math.round(IDLE)).toBe(245);
    expect(findings(graph('acme-dev-foundation', awsFoundation('acme-dev-foundation', { budgetUsd: 200 })))).toEqual([
      `acme-dev-foundation aws_budgets_budget.Budget: limit_amount is $200 a month, below the environment's idle cost of $245 (price table ${PRICES.version}); biggest: node group system $137, EKS control plane $73, NAT gateway $35; \`npx plinth cost\` lists every item`,
    ]);
  });

  it('passes a budget above it', () => {
    const report = evaluate([graph('acme-dev-foundation', awsFoundation('acme-dev-foundation', { budgetUsd: 300 }))], [idleCostWithinBudget]);
    expect(report.findings).toEqual([]);
    expect(report.stats).toEqual([expect.objectContaining({ ruleId: 'PLN-COST-005', passed: 1, failed: 0 })]);
  });

  it('counts the GPU node a workloads stack of the same check keeps up', () => {
    const foundation = graph('acme-dev-foundation', awsFoundation('acme-dev-foundation', { budgetUsd: 300 }));
    expect(findings(foundation)).toEqual([]);
    const withWorkloads = findings(foundation, graph('acme-dev-workloads', gpuWorkloads('acme-dev-foundation')));
    // One spot g6.xlarge with 20 GB: the estimate's low end is 30% of its on-demand price.
    const gpuLow = PRICES.spot.low * (AWS.ec2PerHour['g6.xlarge']! * HOURS + 20 * AWS.ebsPerGbMonth.gp3!);
    expect(withWorkloads).toEqual([expect.stringContaining(`idle cost of $${Math.round(IDLE + gpuLow)}–$`)]);
    expect(withWorkloads[0]).toContain('node group gpu $');
    // Another environment's workloads do not count.
    expect(findings(foundation, graph('acme-prod-workloads', gpuWorkloads('acme-prod-foundation', 4)))).toEqual([]);
  });

  it('leaves emulator environments alone: they cost nothing', () => {
    expect(findings(graph('acme-local-foundation', awsFoundation('acme-local-foundation', { budgetUsd: 1, endpoint: 'http://127.0.0.1:4566' })))).toEqual([]);
  });

  it('reads a Google Cloud budget amount', () => {
    const body = {
      provider: { google: [{ region: 'europe-west4', project: 'p', default_labels: { environment: 'dev' } }] },
      resource: {
        google_container_cluster: { Cluster: { name: 'c', location: 'europe-west4', remove_default_node_pool: true } },
        google_billing_budget: { Budget: { amount: { specified_amount: { currency_code: 'USD', units: '50' } } } },
      },
    };
    expect(findings(graph('acme-dev-foundation', body))).toEqual([
      expect.stringMatching(/^acme-dev-foundation google_billing_budget\.Budget: amount\.specified_amount\.units is \$50 a month, below the environment's idle cost of \$73 .*GKE cluster management fee \$73/),
    ]);
  });
});

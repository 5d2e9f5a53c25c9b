import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { evaluate } from '../../../policies/engine/evaluate';
import { loadInput } from '../../../policies/engine/inputs';
import { idleCostWithinBudget } from '../../../policies/rules/finops/idle-cost-within-budget';
import { estimateCost } from '../../../services/cost/estimate';
import type { CostItem, CostReport, EnvironmentCost } from '../../../services/cost/model';
import { PRICES } from '../../../services/cost/prices/price-table';
import { RESOURCE_CLASSES } from '../../../services/cost/resource-classes';
import { README_COST_TABLES, readmeBlock, readmeCostTable, synthConfig } from '../../../services/cost/readme-tables';
import { readSynthesizedStacks, type StackInput } from '../../../services/cost/stack-input';
import { REPO_ROOT } from '../../support/synth';

/**
 * Every config behind the README's tables (platform.yaml and each example: three blueprints on both
 * clouds), synthesized once for the whole file: what Plinth emits is what must be priced.
 */
interface Example {
  readonly outdir: string;
  readonly stacks: StackInput[];
  readonly report: CostReport;
}

const examples = new Map<string, Example>();

beforeAll(() => {
  for (const { table, config } of README_COST_TABLES) {
    const outdir = synthConfig(config);
    const stacks = readSynthesizedStacks(outdir);
    examples.set(table, { outdir, stacks, report: estimateCost(stacks) });
  }
}, 180_000);

const HOURS = PRICES.hoursPerMonth;
const AWS = PRICES.aws['eu-west-1']!;
const GCP = PRICES.gcp['europe-west4']!;

function env(table: string, name: string): EnvironmentCost {
  const found = examples.get(table)!.report.environments.find((e) => e.name === name);
  if (!found) throw new Error(`${table} has no environment ${name}`);
  return found;
}

function items(environment: EnvironmentCost): CostItem[] {
  return environment.stacks.flatMap((stack) => stack.items);
}

function item(environment: EnvironmentCost, part: string): CostItem {
  const found = items(environment).filter((i) => i.part === part);
  expect(found).toHaveLength(1);
  return found[0]!;
}

const cents = (usd: number) => Math.round(usd * 100) / 100;

describe('every resource Plinth emits is classified and priced', () => {
  it.each(README_COST_TABLES.map((t) => t.table))('%s: every type is classified, every priced resource has a price', (table) => {
    const { stacks, report } = examples.get(table)!;
    const types = new Set(stacks.flatMap((stack) => stack.resources.filter((r) => r.mode === 'managed').map((r) => r.type)));
    expect([...types].filter((type) => !(type in RESOURCE_CLASSES))).toEqual([]);
    // A size, class, region, Kubernetes kind or Helm chart without a price lands here, with its reason.
    expect(report.environments.flatMap((e) => e.stacks.flatMap((s) => s.unpriced.map((u) => `${s.name} ${u.address}: ${u.reason}`)))).toEqual([]);
  });

  it('prices every instance type a pool may launch, not only the first', () => {
    const pools = [...examples.values()].flatMap((e) => e.stacks.flatMap((s) => s.resources.filter((r) => r.type === 'aws_eks_node_group')));
    const types = new Set(pools.flatMap((pool) => pool.values.instance_types as string[]));
    expect([...types].filter((type) => AWS.ec2PerHour[type] === undefined)).toEqual([]);
    expect(types.size).toBeGreaterThan(5);
  });
});

describe('the README', () => {
  const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');

  it.each(README_COST_TABLES.map((t) => t.table))('shows the %s idle-cost table exactly as plinth cost computes it (npx tsx services/cost/readme-tables.ts rewrites them)', (table) => {
    expect(readmeBlock(readme, table)).toBe(readmeCostTable(examples.get(table)!.report));
  });
});

describe('startup on AWS, dev (platform.yaml)', () => {
  it('prices the control plane, nodes, NAT, its address, the database and the key from the table', () => {
    const dev = env('startup-aws', 'dev');
    // Kubernetes 1.35, the default, is in standard support at the table's date.
    expect(item(dev, 'EKS control plane').monthlyUsd.low).toBe(cents(AWS.eksControlPlanePerHour.standard * HOURS));
    expect(item(dev, 'node group system')).toMatchObject({
      basis: '2 x t3.large on-demand; min 1, max 3; 50 GB gp3 each',
      monthlyUsd: { low: cents(2 * (AWS.ec2PerHour['t3.large']! * HOURS + 50 * AWS.ebsPerGbMonth.gp3!)), high: cents(2 * (AWS.ec2PerHour['t3.large']! * HOURS + 50 * AWS.ebsPerGbMonth.gp3!)) },
    });
    expect(item(dev, 'RDS PostgreSQL').monthlyUsd.low).toBe(cents(AWS.rdsPostgresPerHour['db.t4g.medium']! * HOURS + 20 * AWS.rdsStoragePerGbMonth.gp3! + AWS.secretsManagerSecretPerMonth));
    expect(item(dev, 'NAT gateway').monthlyUsd.low).toBe(cents(AWS.natGatewayPerHour * HOURS));
    expect(item(dev, 'public IPv4 address').monthlyUsd.low).toBe(cents(AWS.publicIpv4PerHour * HOURS));
    expect(item(dev, 'KMS key').monthlyUsd.low).toBe(AWS.kmsKeyPerMonth);
  });

  it('totals exactly its items, nothing else, and lists what depends on use', () => {
    const dev = env('startup-aws', 'dev');
    expect(items(dev).map((i) => i.part).sort()).toEqual(['EKS control plane', 'KMS key', 'NAT gateway', 'RDS PostgreSQL', 'node group system', 'public IPv4 address']);
    expect(dev.monthlyUsd.low).toBe(cents(items(dev).reduce((total, i) => total + i.monthlyUsd.low, 0)));
    expect(dev.monthlyUsd).toEqual({ low: 310.14, high: 310.14 });
    expect(dev.budgetUsd).toBe(800);
    const usage = dev.stacks.flatMap((s) => s.notEstimated.map((n) => n.type));
    expect(usage).toEqual(expect.arrayContaining(['aws_s3_bucket', 'aws_ecr_repository', 'aws_cloudwatch_log_group', 'aws_nat_gateway']));
    expect(dev.stacks.find((s) => s.name === 'acme-ml-dev-workloads')?.monthlyUsd).toEqual({ low: 0, high: 0 });
  });

  it('marks the emulator environment, which costs nothing', () => {
    expect(env('startup-aws', 'local').emulator).toBe(true);
    expect(env('startup-aws', 'dev').emulator).toBe(false);
  });
});

describe('GPU pools', () => {
  it('realtime on AWS: the spot pool costs one node while Triton runs, as a range; its on-demand fallback $0 with its maximum', () => {
    const dev = env('realtime-aws', 'dev');
    const node = AWS.ec2PerHour['g6.xlarge']! * HOURS + 100 * AWS.ebsPerGbMonth.gp3!;
    const pool = item(dev, 'node group gpu-inference');
    expect(pool.monthlyUsd).toEqual({ low: cents(node * PRICES.spot.low), high: cents(node * PRICES.spot.high) });
    expect(pool.basis).toMatch(/^1 x g6\.xlarge spot .*held by triton \(1 replica x 1 GPU\); min 0, max 2/);
    expect(item(dev, 'node group gpu-inference-on-demand')).toMatchObject({ monthlyUsd: { low: 0, high: 0 }, basis: expect.stringMatching(/^0 x g6\.xlarge on-demand .*min 0, max 2/) });
    expect(dev.monthlyUsd.high - dev.monthlyUsd.low).toBeCloseTo(node * (PRICES.spot.high - PRICES.spot.low), 1);
  });

  it('llm-rag on AWS: vLLM keeps a large-GPU node, the embedding server a second inference node; Qdrant claims a gp3 volume', () => {
    const dev = env('llm-rag-aws', 'dev');
    expect(item(dev, 'node group gpu-llm')).toMatchObject({
      monthlyUsd: { low: cents(AWS.ec2PerHour['g6e.xlarge']! * HOURS + 100 * AWS.ebsPerGbMonth.gp3!) },
      basis: expect.stringContaining('held by vllm (1 replica x 1 GPU); min 0, max 1'),
    });
    expect(item(dev, 'node group gpu-inference').basis).toMatch(/^2 x g6\.xlarge spot/);
    const workloads = dev.stacks.find((s) => s.name === 'acme-llm-dev-workloads')!;
    expect(workloads.items).toEqual([expect.objectContaining({ type: 'helm_release', part: 'qdrant storage', monthlyUsd: { low: cents(20 * AWS.ebsPerGbMonth.gp3!), high: cents(20 * AWS.ebsPerGbMonth.gp3!) } })]);
  });

  it('production pools price their warm minimum or what their pods hold, on-demand', () => {
    const prod = env('realtime-aws', 'prod');
    expect(item(prod, 'node group gpu-inference').basis).toMatch(/^2 x g6\.2xlarge on-demand .*held by triton \(2 replicas x 1 GPU\); min 1, max 6/);
  });
});

describe('startup on GCP, dev', () => {
  it('prices a regional cluster, its pool at the autoscaling minimum, Cloud NAT per VM, Cloud SQL by vCPU and memory', () => {
    const dev = env('startup-gcp', 'dev');
    expect(item(dev, 'GKE cluster management fee').monthlyUsd.low).toBe(cents(GCP.gkeClusterFeePerHour * HOURS));
    expect(item(dev, 'node pool system').basis).toBe('1 x e2-standard-4 on-demand; min 1, max 3; 50 GB pd-balanced each');
    expect(item(dev, 'Cloud NAT').monthlyUsd.low).toBe(cents((GCP.cloudNatPerVmHour + GCP.externalIpv4PerHour) * HOURS));
    const sql = GCP.cloudSqlEnterprise;
    expect(item(dev, 'Cloud SQL PostgreSQL').monthlyUsd.low).toBe(cents((2 * sql.vcpuPerHour + 7.5 * sql.memoryGbPerHour) * HOURS + 20 * sql.ssdPerGbMonth));
    expect(dev.monthlyUsd.low).toBe(cents(items(dev).reduce((total, i) => total + i.monthlyUsd.low, 0)));
  });

  it('doubles a REGIONAL database in production', () => {
    const prod = env('startup-gcp', 'prod');
    const sql = GCP.cloudSqlEnterprise;
    expect(item(prod, 'Cloud SQL PostgreSQL').monthlyUsd.low).toBe(cents(((4 * sql.vcpuPerHour + 16 * sql.memoryGbPerHour) * HOURS + 100 * sql.ssdPerGbMonth) * 2));
  });
});

describe('PLN-COST-005 on the examples', () => {
  it('finds only the environments whose idle cost exceeds their budget, with both numbers and the biggest items', async () => {
    const findings: string[] = [];
    for (const [table, example] of examples) {
      const report = evaluate(await loadInput(example.outdir), [idleCostWithinBudget]);
      findings.push(...report.findings.map((f) => `${table} ${f.stack}: ${f.message}`));
    }
    // Emulator environments (local) cost nothing and are never found over budget.
    expect(findings.filter((f) => /-local-/.test(f))).toEqual([]);
    for (const finding of findings) expect(finding).toMatch(/is \$\d+ a month, below the environment's idle cost of \$[\d,]+(–\$[\d,]+)? \(price table [\d-]+\); biggest: .+ \$[\d,]+/);
    const over = [...examples].flatMap(([table, e]) =>
      e.report.environments.filter((x) => !x.emulator && x.budgetUsd !== undefined && x.monthlyUsd.low > x.budgetUsd).map((x) => `${table} ${x.id}-foundation`),
    );
    expect(findings.map((f) => f.split(':')[0])).toEqual(over);
  });
});

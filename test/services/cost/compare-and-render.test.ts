import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { UserFacingError } from '../../../core/exit-codes';
import { compareReports } from '../../../services/cost/compare';
import { estimateCost } from '../../../services/cost/estimate';
import { PRICES } from '../../../services/cost/prices/price-table';
import { readCostReport } from '../../../services/cost/read-report';
import { COST_COMMENT_MARKER, markdownReport } from '../../../services/cost/render/markdown';
import { textReport } from '../../../services/cost/render/table';
import { awsFoundation, gpuWorkloads, stackInput } from './stack-fixtures';

const AWS = PRICES.aws['eu-west-1']!;
const HOURS = PRICES.hoursPerMonth;
const SYSTEM_NODE = AWS.ec2PerHour['t3.large']! * HOURS + 20 * AWS.ebsPerGbMonth.gp3!;

const before = estimateCost([stackInput('acme-dev-foundation', awsFoundation('acme-dev-foundation'))]);
const after = estimateCost([
  stackInput('acme-dev-foundation', awsFoundation('acme-dev-foundation', { systemNodes: 3 })),
  stackInput('acme-dev-workloads', gpuWorkloads('acme-dev-foundation')),
]);

describe('the estimator on unknown things', () => {
  it('lists a type it cannot classify and a size it has no price for, and leaves them out of the total', () => {
    const report = estimateCost([
      stackInput('acme-dev-foundation', awsFoundation('acme-dev-foundation', { extra: { aws_lb: { Front: { name: 'front' } }, aws_nat_gateway: { Nat: {} }, aws_db_instance: { Db: { engine: 'postgres', instance_class: 'db.x9.huge' } } } })),
    ]);
    const [stack] = report.environments[0]!.stacks;
    expect(stack!.unpriced).toEqual([
      { address: 'aws_lb.Front', type: 'aws_lb', reason: 'resource type aws_lb is not classified (services/cost/resource-classes.ts)' },
      { address: 'aws_db_instance.Db', type: 'aws_db_instance', reason: `no price for RDS PostgreSQL instance class "db.x9.huge" in price table ${PRICES.version}` },
    ]);
    expect(stack!.items.map((item) => item.type)).not.toContain('aws_db_instance');
    expect(markdownReport(report)).toContain('**Not priced** (the total leaves them out): acme-dev-foundation aws_lb.Front: resource type aws_lb is not classified');
    expect(textReport(report)).toContain('NOT PRICED (left out of the total):');
  });
});

describe('--compare', () => {
  it('gives each stack its change: one more system node, a new workloads stack holding a spot GPU node', () => {
    const gpu = AWS.ec2PerHour['g6.xlarge']! * HOURS + 20 * AWS.ebsPerGbMonth.gp3!;
    const changes = compareReports(before, after);
    expect(changes.map((c) => c.stack)).toEqual(['acme-dev-foundation', 'acme-dev-workloads']);
    // The GPU node is the pool's, in the foundation stack; the workloads stack only asks for it.
    const foundation = changes[0]!;
    expect(foundation.change.low).toBeCloseTo(SYSTEM_NODE + PRICES.spot.low * gpu, 1);
    expect(foundation.change.high).toBeCloseTo(SYSTEM_NODE + PRICES.spot.high * gpu, 1);
    expect(changes[1]).toEqual({ environment: 'dev', stack: 'acme-dev-workloads', before: undefined, after: { low: 0, high: 0 }, change: { low: 0, high: 0 } });
  });

  it('lists a removed stack with its old cost as a saving', () => {
    const changes = compareReports(after, before);
    expect(changes.find((c) => c.stack === 'acme-dev-workloads')).toEqual({ environment: 'dev', stack: 'acme-dev-workloads', before: { low: 0, high: 0 }, change: { low: 0, high: 0 } });
    expect(changes.find((c) => c.stack === 'acme-dev-foundation')!.change.low).toBeLessThan(0);
  });
});

describe('--format markdown: the pull-request comment', () => {
  const markdown = markdownReport(after, compareReports(before, after));

  it('starts with the marker CI finds its comment by, then says what the figures are', () => {
    expect(markdown.split('\n')[0]).toBe(COST_COMMENT_MARKER);
    expect(markdown).toContain(`price table ${PRICES.version}, ${HOURS} hours a month; spot capacity as 30–100% of on-demand`);
  });

  it('has a row per stack with base, this change and the difference', () => {
    const base = Math.round(before.environments[0]!.monthlyUsd.low);
    expect(markdown).toContain('| environment | stack | base | this change | difference |');
    expect(markdown).toMatch(new RegExp(`\\| dev \\| \`acme-dev-foundation\` \\| \\$${base} \\| \\$[\\d,]+–\\$[\\d,]+ \\| \\+\\$\\d+ to \\+\\$\\d+ \\|`));
    expect(markdown).toContain('| dev | `acme-dev-workloads` | (new) | $0 | ±$0 |');
  });

  it('lists each priced item and what is not estimated', () => {
    expect(markdown).toContain('| node group system | 3 x t3.large on-demand; min 1, max 3; 20 GB gp3 each |');
    expect(markdown).toContain('| node group gpu | 1 x g6.xlarge spot, held by server (1 replica x 1 GPU); min 0, max 2; 20 GB gp3 each |');
    expect(markdown).toContain('Not estimated (charged by use): aws_eks_node_group (2): data transfer between zones; aws_nat_gateway (1): data processed, per GB; aws_s3_bucket (1): storage, requests and data transfer.');
  });
});

describe('reading a --compare file', () => {
  const directory = mkdtempSync(path.join(tmpdir(), 'plinth-cost-report-'));
  const write = (name: string, text: string) => {
    const file = path.join(directory, name);
    writeFileSync(file, text);
    return file;
  };

  it('reads back what --format json writes', () => {
    expect(readCostReport(write('ok.json', JSON.stringify(after)))).toEqual(after);
  });

  it.each([
    ['missing.json', undefined, /--compare .*missing\.json: no such file; write it on the base branch/],
    ['broken.json', '{"format": "plinth-cost/1",', /--compare .*broken\.json:1:\d+: invalid JSON/],
    ['other.json', '{"format": "terraform-plan"}', /not a plinth cost report \("format" is "terraform-plan", not "plinth-cost\/1"\)/],
    ['stacks.json', '{"format": "plinth-cost/1", "environments": [{"name": "dev", "stacks": [{"name": "s", "monthlyUsd": {"low": "1"}}]}]}', /environments\[0\]\.stacks\[0\] lacks a name or monthlyUsd/],
  ])('refuses %s with what is wrong', (name, text, message) => {
    const file = text === undefined ? path.join(directory, name) : write(name, text);
    expect(() => readCostReport(file)).toThrow(UserFacingError);
    expect(() => readCostReport(file)).toThrow(message);
  });
});

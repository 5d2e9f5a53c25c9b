import type { Cloud } from './prices/price-table';

/** A monthly amount in US dollars: `low` = `high` for on-demand prices, a range for spot capacity. */
export interface Money {
  readonly low: number;
  readonly high: number;
}

export const ZERO: Money = { low: 0, high: 0 };

export function exactly(usd: number): Money {
  return { low: usd, high: usd };
}

export function sum(amounts: readonly Money[]): Money {
  return roundMoney({ low: amounts.reduce((total, m) => total + m.low, 0), high: amounts.reduce((total, m) => total + m.high, 0) });
}

/** Cents: what the JSON report keeps, so sums of a report's items equal its totals. */
export function roundMoney(money: Money): Money {
  return { low: cents(money.low), high: cents(money.high) };
}

function cents(usd: number): number {
  return Math.round(usd * 100) / 100;
}

/** One priced thing a resource costs while idle. */
export interface CostItem {
  /** Terraform address in its stack (`aws_eks_node_group.Cluster_NodePool-system_BF81882B`). */
  readonly address: string;
  readonly type: string;
  /** What it is, for a reader: `EKS control plane`, `node group system`. */
  readonly part: string;
  /** How it was priced: `2 x t3.large on-demand (desired 2; min 1, max 3)`. */
  readonly basis: string;
  readonly monthlyUsd: Money;
}

/** A resource whose cost depends on use (traffic, requests, storage growth): listed, never guessed. */
export interface NotEstimated {
  readonly address: string;
  readonly type: string;
  /** What it is charged for: `storage and requests`. */
  readonly usage: string;
}

/** A resource the price table cannot price (an unknown type, size or region). */
export interface Unpriced {
  readonly address: string;
  readonly type: string;
  readonly reason: string;
}

export interface StackCost {
  readonly name: string;
  readonly monthlyUsd: Money;
  readonly items: readonly CostItem[];
  readonly notEstimated: readonly NotEstimated[];
  readonly unpriced: readonly Unpriced[];
  /** Resources that cost nothing by themselves (IAM, routes, Kubernetes objects without volumes). */
  readonly freeResources: number;
}

/** What the synthesized stacks say about an environment, before and after pricing. */
export interface EnvironmentFacts {
  /** The `environment` tag (`dev`), else the id. */
  readonly name: string;
  /** The foundation stack's name without `-foundation`: `<platform>-<env>`, the prefix of its stacks. */
  readonly id: string;
  readonly cloud?: Cloud;
  readonly region?: string;
  /** Its cloud API calls go to an emulator (`cloud.endpoint`): it costs nothing; priced as the cloud would charge. */
  readonly emulator: boolean;
  /** The monthly amount of the environment's budget resource, when it has one. */
  readonly budgetUsd?: number;
}

export interface EnvironmentCost extends EnvironmentFacts {
  readonly monthlyUsd: Money;
  readonly stacks: readonly StackCost[];
}

/** What `plinth cost --format json` writes and `--compare` reads. */
export interface CostReport {
  readonly format: typeof COST_REPORT_FORMAT;
  readonly priceTable: string;
  readonly hoursPerMonth: number;
  readonly spotShare: Money;
  readonly environments: readonly EnvironmentCost[];
}

export const COST_REPORT_FORMAT = 'plinth-cost/1';

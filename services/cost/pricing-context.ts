import type { Attributes, Resource } from '../../policies/engine/model';
import type { EnvironmentInput } from './environments';
import { exactly, type Money } from './model';
import type { PoolPlan } from './node-pools';
import { MissingPrice, awsRegion, gcpRegion, type AwsRegionPrices, type GcpRegionPrices, type PriceTable } from './prices/price-table';

/** One line of a resource's idle cost, before the estimator adds where it came from. */
export interface PricedLine {
  readonly part: string;
  readonly basis: string;
  readonly monthlyUsd: Money;
}

/** What a pricer may ask about the environment a resource belongs to. */
export class PricingContext {
  constructor(
    readonly prices: PriceTable,
    readonly environment: EnvironmentInput,
    private readonly pools: ReadonlyMap<Resource, PoolPlan>,
  ) {}

  aws(): AwsRegionPrices {
    return awsRegion(this.prices, this.region());
  }

  gcp(): GcpRegionPrices {
    return gcpRegion(this.prices, this.region());
  }

  /** An hourly price for a whole month (the table's hours per month). */
  monthly(perHour: number): number {
    return perHour * this.prices.hoursPerMonth;
  }

  /** On-demand, or for spot capacity the table's range of it. */
  capacity(onDemandMonthly: number, spot: boolean): Money {
    return spot ? { low: onDemandMonthly * this.prices.spot.low, high: onDemandMonthly * this.prices.spot.high } : exactly(onDemandMonthly);
  }

  pool(resource: Resource): PoolPlan {
    const plan = this.pools.get(resource);
    if (!plan) throw new Error(`${resource.address} is not a node pool of ${this.environment.id}`);
    return plan;
  }

  /** Nodes of every pool while idle: the virtual machines a Cloud NAT gateway serves. */
  idleNodes(): number {
    return [...this.pools.values()].reduce((total, plan) => total + plan.nodes, 0);
  }

  /** The resource a `${type.name.attribute}` expression names, in any stack of the environment. */
  referenced(expression: unknown): Resource | undefined {
    const match = typeof expression === 'string' ? /\$\{([a-z0-9_]+)\.([^.}\s]+)\./.exec(expression) : null;
    if (!match) return undefined;
    return this.all().find((resource) => resource.type === match[1] && resource.name === match[2]);
  }

  /** A Kubernetes object of the environment by kind and name (a StorageClass a volume names). */
  manifest(kind: string, name: string): Attributes | undefined {
    for (const resource of this.all()) {
      const manifest = resource.type === 'kubernetes_manifest' ? (resource.values.manifest as Attributes | undefined) : undefined;
      if (manifest?.kind === kind && (manifest.metadata as Attributes | undefined)?.name === name) return manifest;
    }
    return undefined;
  }

  private all(): Resource[] {
    return this.environment.stacks.flatMap((stack) => stack.resources);
  }

  private region(): string {
    if (!this.environment.region) throw new MissingPrice(`environment ${this.environment.id}: its provider names no region`);
    return this.environment.region;
  }
}

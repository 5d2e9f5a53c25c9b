import table from './prices.json';

/**
 * The versioned price table (prices.json): public on-demand list prices per cloud and region, as of
 * `version`. Data, not code: a price change is a change of that file and of its version.
 */
export interface AwsRegionPrices {
  readonly eksControlPlanePerHour: { readonly standard: number; readonly extended: number };
  /** Kubernetes minor → the day EKS standard support ends; after it the control plane costs the extended rate. */
  readonly eksStandardSupportEnds: Readonly<Record<string, string>>;
  readonly natGatewayPerHour: number;
  readonly publicIpv4PerHour: number;
  readonly interfaceEndpointPerAzHour: number;
  readonly kmsKeyPerMonth: number;
  readonly secretsManagerSecretPerMonth: number;
  readonly ec2PerHour: Readonly<Record<string, number>>;
  readonly ebsPerGbMonth: Readonly<Record<string, number>>;
  readonly rdsPostgresPerHour: Readonly<Record<string, number>>;
  readonly rdsStoragePerGbMonth: Readonly<Record<string, number>>;
  readonly rdsMultiAzFactor: number;
  readonly elasticacheRedisPerHour: Readonly<Record<string, number>>;
  /** Valkey nodes cost this share of the Redis OSS price. */
  readonly elasticacheValkeyFactor: number;
  /** Prices (by table, then key) that are estimates rather than a published regional price. */
  readonly approximate: Readonly<Record<string, readonly string[]>>;
}

export interface GcpRegionPrices {
  readonly gkeClusterFeePerHour: number;
  readonly cloudNatPerVmHour: number;
  readonly cloudNatMaxPerHour: number;
  readonly externalIpv4PerHour: number;
  readonly kmsSoftwareKeyVersionPerMonth: number;
  readonly secretVersionPerLocationMonth: number;
  readonly gcePerHour: Readonly<Record<string, number>>;
  readonly diskPerGbMonth: Readonly<Record<string, number>>;
  readonly cloudSqlEnterprise: {
    readonly vcpuPerHour: number;
    readonly memoryGbPerHour: number;
    readonly ssdPerGbMonth: number;
    readonly hddPerGbMonth: number;
    readonly regionalFactor: number;
  };
  readonly memorystoreClusterPerNodeHour: Readonly<Record<string, number>>;
  readonly approximate: Readonly<Record<string, readonly string[]>>;
}

export interface PriceTable {
  /** The date the prices were read (YYYY-MM-DD); also the day support calendars are judged on. */
  readonly version: string;
  readonly currency: 'USD';
  readonly hoursPerMonth: number;
  readonly source: string;
  /** Spot prices as shares of on-demand: an estimate is a range from `low` to `high`. */
  readonly spot: { readonly low: number; readonly high: number; readonly why: string };
  readonly aws: Readonly<Record<string, AwsRegionPrices>>;
  readonly gcp: Readonly<Record<string, GcpRegionPrices>>;
}

export const PRICES: PriceTable = table as PriceTable;

export type Cloud = 'aws' | 'gcp';

/** A size, class or region the table has no price for: the estimator lists it instead of guessing. */
export class MissingPrice extends Error {
  constructor(readonly what: string) {
    super(`no price for ${what} in price table ${PRICES.version}`);
    this.name = 'MissingPrice';
  }
}

/** `table[key]`, or a MissingPrice naming what is missing. */
export function priceOf(table: Readonly<Record<string, number>>, key: unknown, what: string): number {
  const price = typeof key === 'string' ? table[key] : undefined;
  if (price === undefined) throw new MissingPrice(`${what} ${JSON.stringify(key)}`);
  return price;
}

export function awsRegion(prices: PriceTable, region: string): AwsRegionPrices {
  const found = prices.aws[region];
  if (!found) throw new MissingPrice(`AWS region ${region} (priced: ${Object.keys(prices.aws).join(', ')})`);
  return found;
}

export function gcpRegion(prices: PriceTable, region: string): GcpRegionPrices {
  const found = prices.gcp[region];
  if (!found) throw new MissingPrice(`GCP region ${region} (priced: ${Object.keys(prices.gcp).join(', ')})`);
  return found;
}

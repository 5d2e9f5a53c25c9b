import type { Resource } from '../../../policies/engine/model';
import { asBlocks, asNumber, attr, isTrue } from '../../../policies/engine/values';
import { exactly } from '../model';
import { machineTypesOf } from '../node-pools';
import { MissingPrice, priceOf } from '../prices/price-table';
import type { PricedLine, PricingContext } from '../pricing-context';
import { poolBasis } from './pool-basis';

/** Idle prices of the Google Cloud resource types that cost money while nothing runs. */
export const GCP_PRICERS: Readonly<Record<string, (resource: Resource, context: PricingContext) => PricedLine[]>> = {
  google_container_cluster(cluster, context) {
    if (!isTrue(cluster.values.remove_default_node_pool)) {
      throw new MissingPrice('a GKE cluster that keeps its default node pool (Plinth removes it: remove_default_node_pool)');
    }
    // The free-tier credit covers one zonal or Autopilot cluster per billing account; Plinth's are regional.
    return [{ part: 'GKE cluster management fee', basis: 'one cluster', monthlyUsd: exactly(context.monthly(context.gcp().gkeClusterFeePerHour)) }];
  },

  google_container_node_pool(pool, context) {
    const prices = context.gcp();
    const [machine] = machineTypesOf(pool) as [string];
    // Accelerator-optimized machines (g2, a2, a3) are priced with their GPUs; GPUs attached to N1 machines are not in the table.
    if (!/^(g2|a2|a3)-/.test(machine) && asBlocks(attr(pool.values, 'node_config.guest_accelerator')).length > 0) {
      throw new MissingPrice(`GPUs attached to machine type ${machine}`);
    }
    const perHour = priceOf(prices.gcePerHour, machine, 'Compute Engine machine type');
    const diskGb = asNumber(attr(pool.values, 'node_config.disk_size_gb')) ?? 100;
    const diskType = String(attr(pool.values, 'node_config.disk_type') ?? 'pd-balanced');
    const diskMonthly = diskGb * priceOf(prices.diskPerGbMonth, diskType, 'persistent disk type');
    const plan = context.pool(pool);
    const monthly = plan.nodes * (context.monthly(perHour) + diskMonthly);
    const name = String(pool.values.name ?? pool.name);
    return [{ part: `node pool ${name}`, basis: poolBasis(plan, [machine], `${diskGb} GB ${diskType} each`), monthlyUsd: context.capacity(monthly, plan.spot) }];
  },

  google_compute_router_nat(nat, context) {
    const prices = context.gcp();
    const vms = context.idleNodes();
    const gateway = Math.min(vms * prices.cloudNatPerVmHour, prices.cloudNatMaxPerHour);
    // AUTO_ONLY allocates the gateway's external addresses itself: one while the traffic fits.
    const addresses = nat.values.nat_ip_allocate_option === 'MANUAL_ONLY' ? 0 : 1;
    const monthly = context.monthly(gateway + addresses * prices.externalIpv4PerHour);
    const ip = addresses ? ' and 1 external IP' : '';
    return [{ part: 'Cloud NAT', basis: `${vms} VM${vms === 1 ? '' : 's'} served${ip}, before data processed`, monthlyUsd: exactly(monthly) }];
  },

  google_sql_database_instance(instance, context) {
    const sql = context.gcp().cloudSqlEnterprise;
    const edition = String(attr(instance.values, 'settings.edition') ?? 'ENTERPRISE');
    if (edition !== 'ENTERPRISE') throw new MissingPrice(`Cloud SQL edition ${edition} (priced: ENTERPRISE)`);
    const tier = String(attr(instance.values, 'settings.tier') ?? '');
    const custom = /^db-custom-(\d+)-(\d+)$/.exec(tier);
    if (!custom) throw new MissingPrice(`Cloud SQL tier ${JSON.stringify(tier)} (priced: db-custom-<vCPUs>-<MB>)`);
    const vcpus = Number(custom[1]);
    const memoryGb = Number(custom[2]) / 1024;
    const regional = attr(instance.values, 'settings.availability_type') === 'REGIONAL';
    const factor = regional ? sql.regionalFactor : 1;
    const diskGb = asNumber(attr(instance.values, 'settings.disk_size')) ?? 10;
    const hdd = attr(instance.values, 'settings.disk_type') === 'PD_HDD';
    const compute = context.monthly(vcpus * sql.vcpuPerHour + memoryGb * sql.memoryGbPerHour);
    const storage = diskGb * (hdd ? sql.hddPerGbMonth : sql.ssdPerGbMonth);
    return [
      {
        part: 'Cloud SQL PostgreSQL',
        basis: `${tier}, ${diskGb} GB ${hdd ? 'HDD' : 'SSD'}, ${regional ? 'regional (HA)' : 'zonal'}`,
        monthlyUsd: exactly((compute + storage) * factor),
      },
    ];
  },

  google_redis_cluster(cluster, context) {
    const nodeType = cluster.values.node_type ?? 'REDIS_HIGHMEM_MEDIUM';
    const perNode = priceOf(context.gcp().memorystoreClusterPerNodeHour, nodeType, 'Memorystore for Redis Cluster node type');
    const shards = asNumber(cluster.values.shard_count) ?? 1;
    const nodes = shards * (1 + (asNumber(cluster.values.replica_count) ?? 0));
    return [{ part: 'Memorystore for Redis Cluster', basis: `${nodes} x ${String(nodeType).toLowerCase().replace(/_/g, '-')}`, monthlyUsd: exactly(nodes * context.monthly(perNode)) }];
  },

  google_kms_crypto_key(key, context) {
    const level = String(attr(key.values, 'version_template.protection_level') ?? 'SOFTWARE');
    if (level !== 'SOFTWARE') throw new MissingPrice(`Cloud KMS protection level ${level} (priced: SOFTWARE)`);
    return [{ part: 'Cloud KMS key', basis: 'one active version, before rotations and operations', monthlyUsd: exactly(context.gcp().kmsSoftwareKeyVersionPerMonth) }];
  },

  google_secret_manager_secret(secret, context) {
    const replicas = asBlocks(attr(secret.values, 'replication.user_managed.replicas')).length || 1;
    const basis = `one version in ${replicas} location${replicas === 1 ? '' : 's'}, before access operations`;
    return [{ part: 'Secret Manager secret', basis, monthlyUsd: exactly(replicas * context.gcp().secretVersionPerLocationMonth) }];
  },
};

import type { Resource } from '../../../policies/engine/model';
import { asBlocks, asNumber, asStrings, attr, isTrue } from '../../../policies/engine/values';
import { exactly } from '../model';
import { machineTypesOf } from '../node-pools';
import { MissingPrice, priceOf } from '../prices/price-table';
import type { PricedLine, PricingContext } from '../pricing-context';
import { poolBasis } from './pool-basis';

/** Idle prices of the AWS resource types that cost money while nothing runs. */
export const AWS_PRICERS: Readonly<Record<string, (resource: Resource, context: PricingContext) => PricedLine[]>> = {
  aws_eks_cluster(cluster, context) {
    const prices = context.aws();
    const version = String(cluster.values.version ?? '');
    const ends = prices.eksStandardSupportEnds[version];
    if (!ends) throw new MissingPrice(`the EKS support calendar of Kubernetes ${JSON.stringify(cluster.values.version)}`);
    // Judged on the table's date, not today's, so an estimate does not change between two runs on the same table.
    const extended = ends <= context.prices.version;
    const perHour = extended ? prices.eksControlPlanePerHour.extended : prices.eksControlPlanePerHour.standard;
    const support = extended ? `extended support (standard support ended ${ends})` : 'standard support';
    return [{ part: 'EKS control plane', basis: `Kubernetes ${version}, ${support}`, monthlyUsd: exactly(context.monthly(perHour)) }];
  },

  aws_eks_node_group(group, context) {
    const prices = context.aws();
    const types = machineTypesOf(group);
    const perHour = types.map((type) => priceOf(prices.ec2PerHour, type, 'EC2 instance type'))[0]!;
    const plan = context.pool(group);
    const disk = rootVolume(group, context);
    const diskMonthly = disk.sizeGb * priceOf(prices.ebsPerGbMonth, disk.type, 'EBS volume type');
    const monthly = plan.nodes * (context.monthly(perHour) + diskMonthly);
    const name = String(group.values.node_group_name ?? group.name);
    return [{ part: `node group ${name}`, basis: poolBasis(plan, types, `${disk.sizeGb} GB ${disk.type} each`), monthlyUsd: context.capacity(monthly, plan.spot) }];
  },

  aws_nat_gateway(_gateway, context) {
    return [{ part: 'NAT gateway', basis: 'per hour, before data processed', monthlyUsd: exactly(context.monthly(context.aws().natGatewayPerHour)) }];
  },

  aws_eip(_address, context) {
    return [{ part: 'public IPv4 address', basis: 'per hour in use', monthlyUsd: exactly(context.monthly(context.aws().publicIpv4PerHour)) }];
  },

  aws_vpc_endpoint(endpoint, context) {
    if (endpoint.values.vpc_endpoint_type !== 'Interface') return [];
    const zones = Math.max(1, (asStrings(endpoint.values.subnet_ids) ?? []).length);
    const service = String(endpoint.values.service_name ?? '').split('.').pop();
    return [{ part: `interface endpoint ${service}`, basis: `${zones} zone${zones === 1 ? '' : 's'}, before data processed`, monthlyUsd: exactly(zones * context.monthly(context.aws().interfaceEndpointPerAzHour)) }];
  },

  aws_db_instance(database, context) {
    const prices = context.aws();
    if (database.values.engine !== 'postgres') throw new MissingPrice(`RDS engine ${JSON.stringify(database.values.engine)} (priced: postgres)`);
    const multiAz = isTrue(database.values.multi_az);
    const factor = multiAz ? prices.rdsMultiAzFactor : 1;
    const instanceClass = database.values.instance_class;
    const instance = context.monthly(priceOf(prices.rdsPostgresPerHour, instanceClass, 'RDS PostgreSQL instance class')) * factor;
    const storageGb = asNumber(database.values.allocated_storage) ?? 20;
    const storageType = String(database.values.storage_type ?? 'gp2');
    const storage = storageGb * priceOf(prices.rdsStoragePerGbMonth, storageType, 'RDS storage type') * factor;
    // manage_master_user_password keeps the administrator's password in a Secrets Manager secret.
    const secret = isTrue(database.values.manage_master_user_password) ? prices.secretsManagerSecretPerMonth : 0;
    const secretNote = secret > 0 ? ', admin secret in Secrets Manager' : '';
    return [
      {
        part: 'RDS PostgreSQL',
        basis: `${String(instanceClass)}, ${storageGb} GB ${storageType}, ${multiAz ? 'Multi-AZ' : 'single-AZ'}${secretNote}`,
        monthlyUsd: exactly(instance + storage + secret),
      },
    ];
  },

  aws_elasticache_replication_group(group, context) {
    const prices = context.aws();
    const nodeType = group.values.node_type;
    const perNode = priceOf(prices.elasticacheRedisPerHour, nodeType, 'ElastiCache node type');
    const valkey = group.values.engine === 'valkey';
    const shards = asNumber(group.values.num_node_groups) ?? 1;
    const nodes = asNumber(group.values.num_cache_clusters) ?? shards * ((asNumber(group.values.replicas_per_node_group) ?? 0) + 1);
    const monthly = nodes * context.monthly(perNode) * (valkey ? prices.elasticacheValkeyFactor : 1);
    return [{ part: `ElastiCache ${valkey ? 'Valkey' : 'Redis OSS'}`, basis: `${nodes} x ${String(nodeType)}`, monthlyUsd: exactly(monthly) }];
  },

  aws_kms_key(_key, context) {
    return [{ part: 'KMS key', basis: 'customer managed key, before requests', monthlyUsd: exactly(context.aws().kmsKeyPerMonth) }];
  },
};

/** A node's root volume: the launch template's first EBS mapping, else the group's disk_size (EKS default 20 GB). */
function rootVolume(group: Resource, context: PricingContext): { sizeGb: number; type: string } {
  const template = context.referenced(attr(group.values, 'launch_template.id'));
  const ebs = template ? asBlocks(attr(template.values, 'block_device_mappings.ebs'))[0] : undefined;
  if (ebs) return { sizeGb: asNumber(ebs.volume_size) ?? 20, type: String(ebs.volume_type ?? 'gp3') };
  return { sizeGb: asNumber(group.values.disk_size) ?? 20, type: 'gp3' };
}

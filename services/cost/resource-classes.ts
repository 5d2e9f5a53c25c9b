import type { Resource } from '../../policies/engine/model';
import { AWS_PRICERS } from './pricers/aws';
import { GCP_PRICERS } from './pricers/gcp';
import { priceHelmRelease, priceManifest } from './pricers/kubernetes';
import type { PricedLine, PricingContext } from './pricing-context';

export type Pricer = (resource: Resource, context: PricingContext) => PricedLine[];

/**
 * What every resource type Plinth emits costs while idle:
 * - `free`: nothing by itself (IAM, routes, configuration of another resource);
 * - `usage`: only what it is used for (traffic, requests, storage growth): listed as not estimated, never guessed;
 * - `priced`: an hourly or monthly price from the price table, plus what `usage` names on top.
 * A type missing here is listed as unpriced, and test/services/cost fails while Plinth emits one.
 */
export type ResourceClass =
  | { readonly kind: 'free' }
  | { readonly kind: 'usage'; readonly usage: string }
  | { readonly kind: 'priced'; readonly price: Pricer; readonly usage?: string | ((resource: Resource) => string | undefined) };

const FREE = { kind: 'free' } as const;

function usage(what: string): ResourceClass {
  return { kind: 'usage', usage: what };
}

function priced(price: Pricer | undefined, what?: string | ((resource: Resource) => string | undefined)): ResourceClass {
  if (!price) throw new Error('a priced type needs its pricer');
  return { kind: 'priced', price, usage: what };
}

export const RESOURCE_CLASSES: Readonly<Record<string, ResourceClass>> = {
  // AWS
  aws_eks_cluster: priced(AWS_PRICERS.aws_eks_cluster),
  aws_eks_node_group: priced(AWS_PRICERS.aws_eks_node_group, 'data transfer between zones'),
  aws_nat_gateway: priced(AWS_PRICERS.aws_nat_gateway, 'data processed, per GB'),
  aws_eip: priced(AWS_PRICERS.aws_eip),
  aws_vpc_endpoint: priced(AWS_PRICERS.aws_vpc_endpoint, (endpoint) => (endpoint.values.vpc_endpoint_type === 'Interface' ? 'data processed, per GB' : undefined)),
  aws_db_instance: priced(AWS_PRICERS.aws_db_instance, 'storage growth up to max_allocated_storage, backup storage beyond the database size'),
  aws_elasticache_replication_group: priced(AWS_PRICERS.aws_elasticache_replication_group, 'snapshot storage, data transfer between zones'),
  aws_kms_key: priced(AWS_PRICERS.aws_kms_key, 'requests beyond the free tier'),
  aws_s3_bucket: usage('storage, requests and data transfer'),
  aws_ecr_repository: usage('image storage and data transfer'),
  aws_cloudwatch_log_group: usage('log ingestion and storage'),
  aws_flow_log: usage('flow log delivery (vended logs)'),
  aws_autoscaling_group_tag: FREE,
  aws_budgets_budget: FREE,
  aws_db_parameter_group: FREE,
  aws_db_subnet_group: FREE,
  aws_default_security_group: FREE,
  aws_ecr_lifecycle_policy: FREE,
  aws_eks_access_entry: FREE,
  aws_eks_access_policy_association: FREE,
  aws_eks_addon: FREE,
  aws_eks_pod_identity_association: FREE,
  aws_elasticache_parameter_group: FREE,
  aws_elasticache_subnet_group: FREE,
  aws_elasticache_user: FREE,
  aws_elasticache_user_group: FREE,
  aws_elasticache_user_group_association: FREE,
  aws_iam_openid_connect_provider: FREE,
  aws_iam_policy: FREE,
  aws_iam_role: FREE,
  aws_iam_role_policy: FREE,
  aws_iam_role_policy_attachment: FREE,
  aws_internet_gateway: FREE,
  aws_kms_alias: FREE,
  aws_launch_template: FREE,
  aws_route: FREE,
  aws_route_table: FREE,
  aws_route_table_association: FREE,
  aws_s3_bucket_lifecycle_configuration: FREE,
  aws_s3_bucket_logging: FREE,
  aws_s3_bucket_ownership_controls: FREE,
  aws_s3_bucket_policy: FREE,
  aws_s3_bucket_public_access_block: FREE,
  aws_s3_bucket_server_side_encryption_configuration: FREE,
  aws_s3_bucket_versioning: FREE,
  aws_sagemaker_model_package_group: FREE,
  aws_security_group: FREE,
  aws_security_group_rule: FREE,
  aws_subnet: FREE,
  aws_vpc: FREE,

  // Google Cloud
  google_container_cluster: priced(GCP_PRICERS.google_container_cluster, 'log ingestion (system and workload logs) and managed Prometheus samples'),
  google_container_node_pool: priced(GCP_PRICERS.google_container_node_pool, 'data transfer between zones'),
  google_compute_router_nat: priced(GCP_PRICERS.google_compute_router_nat, 'data processed, per GB'),
  google_sql_database_instance: priced(GCP_PRICERS.google_sql_database_instance, 'storage growth (disk autoresize), backup storage beyond the disk size'),
  google_redis_cluster: priced(GCP_PRICERS.google_redis_cluster, 'backup storage, data transfer between zones'),
  google_kms_crypto_key: priced(GCP_PRICERS.google_kms_crypto_key, 'a key version per rotation, operations'),
  google_secret_manager_secret: priced(GCP_PRICERS.google_secret_manager_secret, 'access operations'),
  google_storage_bucket: usage('storage, operations and data transfer'),
  google_artifact_registry_repository: usage('storage beyond 0.5 GB and data transfer'),
  google_logging_project_bucket_config: usage('log ingestion and retention beyond 30 days'),
  google_project_iam_audit_config: usage('data access audit log ingestion'),
  google_compute_subnetwork: usage('flow log ingestion'),
  google_artifact_registry_repository_iam_member: FREE,
  google_billing_budget: FREE,
  google_compute_firewall: FREE,
  google_compute_global_address: FREE,
  google_compute_network: FREE,
  google_compute_router: FREE,
  google_iam_workload_identity_pool: FREE,
  google_iam_workload_identity_pool_provider: FREE,
  google_kms_crypto_key_iam_member: FREE,
  google_kms_key_ring: FREE,
  google_logging_project_sink: FREE,
  google_monitoring_notification_channel: FREE,
  google_network_connectivity_service_connection_policy: FREE,
  google_project_iam_custom_role: FREE,
  google_project_iam_member: FREE,
  google_project_service: FREE,
  google_secret_manager_secret_iam_member: FREE,
  google_service_account: FREE,
  google_service_account_iam_member: FREE,
  google_service_networking_connection: FREE,
  google_sql_database: FREE,
  google_sql_user: FREE,
  google_storage_bucket_iam_member: FREE,

  // Kubernetes and Helm: nothing by themselves (pods run on priced nodes); volumes they claim are disks.
  kubernetes_manifest: priced(priceManifest),
  helm_release: priced(priceHelmRelease),
};

import { ResourceGraph } from '../../../policies/engine/graph';
import { stackSource } from '../../../policies/engine/loaders/cdktf';
import type { Attributes } from '../../../policies/engine/model';
import { remoteStateStacks, type StackInput } from '../../../services/cost/stack-input';

/**
 * Small synthesized stacks (cdk.tf.json bodies) for the estimator, the renderers and PLN-COST-005:
 * a foundation with a cluster, a node pool, a GPU pool that scales from zero, a NAT gateway and a
 * budget; a workloads stack whose GPU Deployment keeps one GPU node up.
 */
export interface FoundationOptions {
  /** @default 1000 */
  readonly budgetUsd?: number;
  /** @default 2 */
  readonly systemNodes?: number;
  /** @default - real AWS */
  readonly endpoint?: string;
  /** Extra resources by type and name. @default none */
  readonly extra?: Record<string, Record<string, Attributes>>;
}

export function awsFoundation(name: string, options: FoundationOptions = {}): Attributes {
  return {
    provider: { aws: [{ region: 'eu-west-1', default_tags: [{ tags: { environment: name.split('-')[1] } }], ...(options.endpoint ? { endpoints: [{ s3: options.endpoint, eks: options.endpoint }] } : {}) }] },
    resource: {
      aws_eks_cluster: { Cluster: { name: 'c', version: '1.34' } },
      aws_eks_node_group: {
        System: { node_group_name: 'system', capacity_type: 'ON_DEMAND', instance_types: ['t3.large'], disk_size: 20, scaling_config: { desired_size: options.systemNodes ?? 2, min_size: 1, max_size: 3 }, labels: { 'plinth.dev/pool': 'system' } },
        Gpu: { node_group_name: 'gpu', capacity_type: 'SPOT', instance_types: ['g6.xlarge'], disk_size: 20, scaling_config: { desired_size: 0, min_size: 0, max_size: 2 }, labels: { 'plinth.dev/pool': 'gpu' } },
      },
      aws_nat_gateway: { Nat: { subnet_id: 'subnet-1' } },
      aws_s3_bucket: { Artifacts: { bucket: 'artifacts' } },
      aws_iam_role: { Role: { name: 'r', assume_role_policy: '{}' } },
      aws_budgets_budget: { Budget: { budget_type: 'COST', limit_amount: String(options.budgetUsd ?? 1000), limit_unit: 'USD', time_unit: 'MONTHLY' } },
      ...options.extra,
    },
  };
}

/** A workloads stack reading `foundation`'s outputs, with a Deployment asking one GPU of the `gpu` pool. */
export function gpuWorkloads(foundation: string, replicas = 1): Attributes {
  return {
    data: { terraform_remote_state: { [`cross-stack-reference-input-${foundation}`]: { backend: 'local' } } },
    provider: { kubernetes: [{ host: 'x' }] },
    resource: {
      kubernetes_manifest: {
        Server: {
          manifest: {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            metadata: { name: 'server', namespace: 'serving' },
            spec: { replicas, template: { spec: { nodeSelector: { 'plinth.dev/pool': 'gpu' }, containers: [{ name: 's', resources: { limits: { 'nvidia.com/gpu': '1' } } }] } } },
          },
        },
        Namespace: { manifest: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'serving' } } },
      },
    },
  };
}

export function stackInput(name: string, body: Attributes): StackInput {
  const source = stackSource(name, `stacks/${name}/cdk.tf.json`, body);
  return { name, resources: source.resources, providers: source.providers, dependencies: remoteStateStacks(source.resources) };
}

export function graph(name: string, body: Attributes): ResourceGraph {
  return new ResourceGraph(stackSource(name, `stacks/${name}/cdk.tf.json`, body));
}

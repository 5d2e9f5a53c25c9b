import { evaluate } from '../../../policies/engine/evaluate';
import { budgetPerEnvironment } from '../../../policies/rules/finops/budget-per-environment';
import { gpuPoolBounded } from '../../../policies/rules/finops/gpu-pool-bounded';
import { requiredTags } from '../../../policies/rules/finops/required-tags';
import { shortLivedTtl } from '../../../policies/rules/finops/short-lived-ttl';
import { moduleFromHcl, verdict } from '../helpers';

const PROVIDER = (tags: string) => `
provider "aws" {
  default_tags {
    tags = { ${tags} }
  }
}
`;

describe('required tags', () => {
  test('count the provider default tags; versioning resources are not taggable', async () => {
    const graph = await moduleFromHcl(`${PROVIDER('owner = "ml", "cost-center" = "cc-1"')}
resource "aws_s3_bucket" "tagged" { tags = { environment = "dev" } }
resource "aws_s3_bucket" "untagged" {}
resource "aws_s3_bucket_versioning" "v" {
  bucket = aws_s3_bucket.tagged.id
  versioning_configuration { status = "Enabled" }
}
`);
    expect(verdict(requiredTags, graph, 'aws_s3_bucket.tagged').status).toBe('pass');
    expect(verdict(requiredTags, graph, 'aws_s3_bucket.untagged')).toEqual({ status: 'fail', message: 'tags lack environment (provider defaults included)' });
    expect(requiredTags.resourceTypes).not.toContain('aws_s3_bucket_versioning');
  });

  test('are undecided when the tags are only known after apply', async () => {
    const graph = await moduleFromHcl(`resource "aws_vpc" "v" {\n  tags = var.tags\n}\n`);
    expect(verdict(requiredTags, graph, 'aws_vpc.v').status).toBe('unknown');
  });

  test('read labels on Google resources', async () => {
    const graph = await moduleFromHcl(`resource "google_storage_bucket" "b" {\n  labels = { owner = "ml", "cost-center" = "cc", environment = "dev" }\n}\n`);
    expect(verdict(requiredTags, graph, 'google_storage_bucket.b').status).toBe('pass');
  });
});

describe('budget per environment', () => {
  test('a stack with AWS resources needs a budget with a limit', async () => {
    const without = await moduleFromHcl('resource "aws_s3_bucket" "b" {}\n');
    expect(evaluate([without], [budgetPerEnvironment]).findings.map((finding) => `${finding.resource}: ${finding.message}`)).toEqual([
      'provider.aws: aws_budgets_budget does not exist in this stack',
    ]);
    const withBudget = await moduleFromHcl('resource "aws_s3_bucket" "b" {}\nresource "aws_budgets_budget" "monthly" {\n  limit_amount = "500"\n}\n');
    expect(evaluate([withBudget], [budgetPerEnvironment]).findings).toEqual([]);
  });

  test('a stack with only Kubernetes resources is not concerned', async () => {
    const workloads = await moduleFromHcl('resource "kubernetes_namespace_v1" "n" {\n  metadata { name = "serving" }\n}\n');
    const report = evaluate([workloads], [budgetPerEnvironment]);
    expect(report.findings).toEqual([]);
    expect(report.stats).toEqual([]);
  });
});

describe('GPU pool maximum', () => {
  test('caps GPU pools, not others', async () => {
    const graph = await moduleFromHcl(`
resource "aws_eks_node_group" "big" {
  instance_types = ["p5.48xlarge"]
  scaling_config {
    min_size = 0
    max_size = 64
    desired_size = 0
  }
}
resource "google_container_node_pool" "unbounded" {
  node_config {
    guest_accelerator {
      type  = "nvidia-l4"
      count = 1
    }
  }
  autoscaling {
    min_node_count = 0
  }
}
resource "aws_eks_node_group" "cpu" {
  instance_types = ["m6i.large"]
  scaling_config {
    min_size = 1
    max_size = 200
    desired_size = 1
  }
}
`);
    expect(verdict(gpuPoolBounded, graph, 'aws_eks_node_group.big')).toEqual({ status: 'fail', message: 'scaling_config.max_size is 64; keep it at 16 or less' });
    expect(verdict(gpuPoolBounded, graph, 'google_container_node_pool.unbounded')).toEqual({ status: 'fail', message: 'autoscaling.max_node_count is not set: the pool is unbounded' });
    expect(verdict(gpuPoolBounded, graph, 'aws_eks_node_group.cpu').status).toBe('not_applicable');
  });
});

describe('time to live of short-lived environments', () => {
  test('pull-request environments need a ttl tag; long-lived ones do not', async () => {
    const preview = await moduleFromHcl(`${PROVIDER('environment = "pr-142"')}\nresource "aws_vpc" "v" {}\n`);
    expect(verdict(shortLivedTtl, preview, 'aws_vpc.v')).toEqual({ status: 'fail', message: 'tags lack a time to live (ttl or plinth:ttl or expires-at)' });
    const tagged = await moduleFromHcl(`${PROVIDER('environment = "pr-142", ttl = "72h"')}\nresource "aws_vpc" "v" {}\n`);
    expect(verdict(shortLivedTtl, tagged, 'aws_vpc.v').status).toBe('pass');
    const staging = await moduleFromHcl(`${PROVIDER('environment = "staging"')}\nresource "aws_vpc" "v" {}\n`);
    expect(verdict(shortLivedTtl, staging, 'aws_vpc.v').status).toBe('not_applicable');
  });
});

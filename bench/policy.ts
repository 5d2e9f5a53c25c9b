import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { evaluate } from '../policies/engine/evaluate';
import { loadInput } from '../policies/engine/inputs';
import { ALL_RULES } from '../policies/rules';

/**
 * The policy engine on generated `terraform show -json` plans of 10,000 and 100,000 resources: load
 * plus evaluation with every rule, median wall time, and peak RSS of a process that does only that.
 * Goal (issue 3): 10,000 resources in under a second.
 */
export interface PolicyBenchOptions {
  readonly sizes?: readonly number[];
  readonly runs?: number;
}

export function benchPolicy(options: PolicyBenchOptions = {}): string[] {
  const lines: string[] = [];
  for (const size of options.sizes ?? [10_000, 100_000]) {
    const runs = options.runs ?? (size > 20_000 ? 3 : 5);
    // A child process per size, so its peak RSS is this measurement's alone.
    const output = execFileSync(process.execPath, ['-r', 'tsx/cjs', __filename, '--child', String(size), String(runs)], { encoding: 'utf8', maxBuffer: 1 << 20 });
    const { medianMs, peakRssMb, findings } = JSON.parse(output.trim().split('\n').pop()!) as { medianMs: number; peakRssMb: number; findings: number };
    const goal = size === 10_000 ? ` (goal < 1000 ms: ${(medianMs / 1000).toFixed(2)}x of budget)` : '';
    lines.push(`policy engine: load + evaluate ${size.toLocaleString('en')}-resource plan, ${ALL_RULES.length} rules, median of ${runs}: ${medianMs.toFixed(0)} ms${goal}`);
    lines.push(`policy engine: peak RSS for the ${size.toLocaleString('en')}-resource plan: ${peakRssMb.toFixed(0)} MB (${findings.toLocaleString('en')} findings)`);
  }
  return lines;
}

async function measure(size: number, runs: number): Promise<void> {
  const directory = mkdtempSync(join(tmpdir(), 'plinth-policy-bench-'));
  const file = join(directory, 'plan.json');
  writeFileSync(file, JSON.stringify(generatePlan(size)));
  const times: number[] = [];
  let findings = 0;
  try {
    for (let run = 0; run < runs; run++) {
      const start = performance.now();
      const report = evaluate(await loadInput(file), ALL_RULES, { now: new Date('2025-01-01') });
      times.push(performance.now() - start);
      findings = report.findings.length;
    }
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
  times.sort((a, b) => a - b);
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${JSON.stringify({ medianMs: times[Math.floor(times.length / 2)], peakRssMb, findings })}\n`);
}

/**
 * A plan shaped like a real one: groups of ten resources (a bucket and its versioning, encryption
 * and public access block, a KMS key, a security group, a database, a GPU node group, a deployment,
 * a role), with provider default tags in `tags_all`, unknown-after-apply ids and configuration
 * references between them.
 */
export function generatePlan(size: number): Record<string, unknown> {
  const planned: Record<string, unknown>[] = [];
  const changes: Record<string, unknown>[] = [];
  const configured: Record<string, unknown>[] = [];
  const tags = { owner: 'ml-platform', 'cost-center': 'cc-42', environment: 'dev' };
  const add = (type: string, name: string, values: Record<string, unknown>, expressions: Record<string, unknown> = {}): void => {
    const address = `${type}.${name}`;
    planned.push({ address, mode: 'managed', type, name, provider_name: 'registry.terraform.io/hashicorp/aws', values });
    changes.push({ address, mode: 'managed', type, name, change: { actions: ['create'], before: null, after: values, after_unknown: { id: true, arn: true } } });
    configured.push({ address, mode: 'managed', type, name, provider_config_key: type.split('_')[0], expressions });
  };
  const ref = (target: string, attribute: string): Record<string, unknown> => ({ references: [`${target}.${attribute}`, target] });
  for (let group = 0; size > planned.length; group++) {
    const bucket = `aws_s3_bucket.b${group}`;
    add('aws_s3_bucket', `b${group}`, { bucket: `plinth-dev-models-${group}`, tags: null, tags_all: tags });
    add('aws_s3_bucket_versioning', `b${group}`, { versioning_configuration: [{ status: 'Enabled' }] }, { bucket: ref(bucket, 'id') });
    add(
      'aws_s3_bucket_server_side_encryption_configuration',
      `b${group}`,
      { rule: [{ apply_server_side_encryption_by_default: [{ sse_algorithm: 'aws:kms' }] }] },
      { bucket: ref(bucket, 'bucket') },
    );
    add('aws_s3_bucket_public_access_block', `b${group}`, { block_public_acls: true, block_public_policy: true }, { bucket: ref(bucket, 'id') });
    add('aws_kms_key', `k${group}`, { enable_key_rotation: group % 7 !== 0, tags_all: tags });
    add('aws_security_group', `sg${group}`, {
      description: 'service',
      ingress: [{ description: 'https', from_port: 443, to_port: 443, protocol: 'tcp', cidr_blocks: [group % 50 === 0 ? '0.0.0.0/0' : '10.0.0.0/8'], self: false }],
      tags_all: tags,
    });
    add('aws_db_instance', `db${group}`, { engine: 'postgres', instance_class: 'db.t4g.medium', storage_encrypted: true, multi_az: false, tags_all: tags });
    add('aws_eks_node_group', `gpu${group}`, {
      instance_types: ['g5.xlarge'],
      scaling_config: [{ min_size: 0, max_size: 8, desired_size: 0 }],
      taint: [{ key: 'nvidia.com/gpu', effect: 'NO_SCHEDULE' }],
      tags_all: tags,
    });
    add('kubernetes_deployment_v1', `d${group}`, {
      metadata: [{ name: `svc-${group}`, namespace: 'serving' }],
      spec: [{ template: [{ spec: [{ container: [{ image: `plinth/svc:1.${group}`, readiness_probe: [{}], resources: [{ limits: { cpu: '1', memory: '1Gi' } }] }] }] }] }],
    });
    add('aws_iam_role', `r${group}`, {
      assume_role_policy: JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { Service: 'eks.amazonaws.com' }, Action: 'sts:AssumeRole' }] }),
      tags_all: tags,
    });
  }
  return {
    format_version: '1.2',
    terraform_version: '1.11.4',
    planned_values: { root_module: { resources: planned.slice(0, size) } },
    resource_changes: changes.slice(0, size),
    configuration: {
      provider_config: { aws: { name: 'aws', expressions: { default_tags: [{ tags: { constant_value: tags } }] } } },
      root_module: { resources: configured.slice(0, size) },
    },
  };
}

if (require.main === module) {
  const [flag, size, runs] = process.argv.slice(2);
  if (flag === '--child') void measure(Number(size), Number(runs));
  else for (const line of benchPolicy()) console.log(line);
}

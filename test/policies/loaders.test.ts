import { join } from 'node:path';
import { Testing, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { Construct } from 'constructs';
import { PolicyInputError } from '../../policies/engine/errors';
import { loadInput } from '../../policies/engine/inputs';
import { UNKNOWN } from '../../policies/engine/model';
import { effectiveTags } from '../../policies/engine/tags';
import { attr } from '../../policies/engine/values';
import { moduleFromHcl, writeFixture } from './helpers';

const PLAN = join(__dirname, 'fixtures', 'plan', 's3.plan.json');

describe('HCL loader', () => {
  test('reads resources with their file, line and nested blocks', async () => {
    const graph = await moduleFromHcl(`
resource "aws_s3_bucket" "data" {
  bucket = "datasets"
}

resource "aws_eks_cluster" "main" {
  name = "c"
  vpc_config {
    endpoint_public_access = false
  }
}
`);
    const cluster = graph.resource('aws_eks_cluster.main')!;
    expect(cluster.location.file).toMatch(/main\.tf$/);
    expect(cluster.location.line).toBe(6);
    expect(attr(cluster.values, 'vpc_config.endpoint_public_access')).toBe(false);
  });

  test('reads a directory as one module: variables in one file, resources in another', async () => {
    const [graph] = await loadInput(
      writeFixture({
        'variables.tf': 'variable "algorithm" {\n  default = "aws:kms"\n}\n',
        'main.tf': 'resource "aws_s3_bucket" "b" {\n  bucket = var.algorithm\n}\n',
        'extra.tf.json': JSON.stringify({ resource: { aws_kms_key: { k: { enable_key_rotation: true } } } }),
      }),
    );
    expect(graph!.resource('aws_s3_bucket.b')!.values.bucket).toBe('aws:kms');
    expect(graph!.resource('aws_kms_key.k')!.location.file).toMatch(/extra\.tf\.json$/);
    expect(graph!.resource('aws_kms_key.k')!.location.line).toBe(1);
  });

  test('turns jsonencode of a literal into the JSON Terraform would send, keeping references', async () => {
    const graph = await moduleFromHcl(`
resource "aws_s3_bucket_policy" "p" {
  bucket = aws_s3_bucket.b.id
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Principal = "*", Resource = "\${aws_s3_bucket.b.arn}/*" }]
  })
}
resource "aws_s3_bucket" "b" {}
`);
    const policy = JSON.parse(graph.resource('aws_s3_bucket_policy.p')!.values.policy as string);
    expect(policy.Statement[0]).toEqual({ Effect: 'Allow', Principal: '*', Resource: '${aws_s3_bucket.b.arn}/*' });
  });

  test('expands dynamic blocks into the blocks they generate', async () => {
    const graph = await moduleFromHcl(`
resource "aws_s3_bucket_server_side_encryption_configuration" "e" {
  bucket = "b"
  dynamic "rule" {
    for_each = var.rules
    content {
      apply_server_side_encryption_by_default {
        sse_algorithm = "aws:kms"
      }
    }
  }
}
`);
    expect(attr(graph.resource('aws_s3_bucket_server_side_encryption_configuration.e')!.values, 'rule.apply_server_side_encryption_by_default.sse_algorithm')).toBe('aws:kms');
  });

  test('names the file, line and column of invalid HCL', async () => {
    const directory = writeFixture({ 'broken.tf': 'resource "aws_s3_bucket" "b" {\n  bucket = \n}\n' });
    await expect(loadInput(directory)).rejects.toThrow(PolicyInputError);
    await expect(loadInput(directory)).rejects.toThrow(/broken\.tf:2:\d+: invalid HCL/);
  });

  test('names the line and column of invalid JSON', async () => {
    const directory = writeFixture({ 'main.tf.json': '{\n  "resource": {\n    "aws_s3_bucket": { "b": { "bucket": "x" } },\n  }\n}\n' });
    await expect(loadInput(join(directory, 'main.tf.json'))).rejects.toThrow(/main\.tf\.json:4:3: invalid JSON/);
  });
});

describe('plan loader', () => {
  test('reads planned values from the root and child modules', async () => {
    const [graph] = await loadInput(PLAN);
    expect(graph!.resource('aws_db_instance.metadata')!.values.engine).toBe('postgres');
    expect(graph!.resource('module.logs.aws_s3_bucket.this')!.values.bucket).toBe('plinth-dev-logs');
  });

  test('connects resources through configuration references', async () => {
    const [graph] = await loadInput(PLAN);
    const bucket = graph!.resource('aws_s3_bucket.artifacts')!;
    const settings = graph!.referrers(bucket, { via: 'bucket' }).map((resource) => resource.type).sort();
    expect(settings).toEqual(['aws_s3_bucket_public_access_block', 'aws_s3_bucket_server_side_encryption_configuration', 'aws_s3_bucket_versioning']);
    const moduleBucket = graph!.resource('module.logs.aws_s3_bucket.this')!;
    expect(graph!.referrers(moduleBucket).map((resource) => resource.address)).toEqual(['module.logs.aws_s3_bucket_versioning.this']);
  });

  test('keeps a referenced value unknown until apply as its reference, and a derived one as UNKNOWN', async () => {
    const [graph] = await loadInput(PLAN);
    expect(graph!.resource('aws_db_instance.metadata')!.values.kms_key_id).toBe('${aws_kms_key.data.arn}');
    expect(graph!.resource('aws_kms_key.derived')!.values.enable_key_rotation).toBe('${local.rotate_derived_key}');
    // Computed and not configured: the provider decides, as for an absent argument.
    expect(graph!.resource('aws_db_instance.metadata')!.values).not.toHaveProperty('multi_az');
  });

  test('counts the provider default tags through tags_all', async () => {
    const [graph] = await loadInput(PLAN);
    const tags = effectiveTags(graph!.resource('module.logs.aws_s3_bucket.this')!, graph!);
    expect(tags).toEqual({ tags: { 'cost-center': 'cc-42', environment: 'dev', owner: 'ml-platform', purpose: 'logs' }, complete: true });
  });

  test('marks tags unknown when tags_all is only known after apply', async () => {
    const directory = writeFixture({
      'plan.json': JSON.stringify({
        format_version: '1.2',
        planned_values: { root_module: { resources: [{ address: 'aws_vpc.v', mode: 'managed', type: 'aws_vpc', name: 'v', values: { tags: null } }] } },
        resource_changes: [{ address: 'aws_vpc.v', change: { after: {}, after_unknown: { tags_all: true } } }],
      }),
    });
    const [graph] = await loadInput(join(directory, 'plan.json'));
    const vpc = graph!.resource('aws_vpc.v')!;
    expect(vpc.values.tags_all).toBe(UNKNOWN);
    expect(effectiveTags(vpc, graph!).complete).toBe(false);
  });
});

describe('cdktf output loader', () => {
  test('reads every stack of a cdktf.out folder, with construct paths and resolved references', async () => {
    const app = Testing.app();
    for (const name of ['foundation', 'workloads']) {
      const stack = new TerraformStack(app, name);
      new AwsProvider(stack, 'aws', { region: 'eu-west-1', defaultTags: [{ tags: { owner: 'ml' } }] });
      const store = new Construct(stack, 'Artifacts');
      const bucket = new S3Bucket(store, 'Resource', { bucketPrefix: name });
      new S3BucketVersioningA(store, 'Versioning', { bucket: bucket.id, versioningConfiguration: { status: 'Enabled' } });
    }
    app.synth();
    const graphs = await loadInput(app.outdir);
    expect(graphs.map((graph) => graph.stack).sort()).toEqual(['foundation', 'workloads']);
    const foundation = graphs.find((graph) => graph.stack === 'foundation')!;
    const bucket = foundation.ofType('aws_s3_bucket')[0]!;
    expect(bucket.constructPath).toBe('foundation/Artifacts/Resource');
    expect(bucket.location.file).toMatch(/stacks\/foundation\/cdk\.tf\.json$/);
    expect(bucket.location.line).toBeGreaterThan(1);
    expect(foundation.referrers(bucket, { type: 'aws_s3_bucket_versioning', via: 'bucket' })).toHaveLength(1);
    expect(effectiveTags(bucket, foundation).tags).toEqual({ owner: 'ml' });
  });
});

describe('input detection', () => {
  test('refuses a JSON file that is neither a plan nor Terraform JSON', async () => {
    const directory = writeFixture({ 'data.json': '{"hello": 1}' });
    await expect(loadInput(join(directory, 'data.json'))).rejects.toThrow(/data\.json: a JSON input must be a plan/);
  });

  test('refuses a directory without Terraform files', async () => {
    const directory = writeFixture({ 'notes.md': '# nothing' });
    await expect(loadInput(directory)).rejects.toThrow(/neither a cdktf output folder/);
  });

  test('refuses a missing path', async () => {
    await expect(loadInput('/nonexistent/cdktf.out')).rejects.toThrow('/nonexistent/cdktf.out: no such file or directory');
  });
});

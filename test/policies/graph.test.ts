import { referencesIn } from '../../policies/engine/references';
import { moduleFromHcl } from './helpers';

describe('references in expressions', () => {
  test('reads the resource and attribute of an interpolation, index and functions included', () => {
    expect(referencesIn('${aws_s3_bucket.b.id}')).toEqual([{ address: 'aws_s3_bucket.b', attribute: 'id' }]);
    expect(referencesIn('${aws_s3_bucket.b[0].arn}/*')).toEqual([{ address: 'aws_s3_bucket.b', attribute: 'arn' }]);
    expect(referencesIn('${join("", ["a", aws_kms_key.k.arn])}')).toEqual([{ address: 'aws_kms_key.k', attribute: 'arn' }]);
    expect(referencesIn('${data.aws_iam_policy_document.p.json}')).toEqual([{ address: 'data.aws_iam_policy_document.p', attribute: 'json' }]);
  });

  test('ignores text outside interpolations and non-resource names', () => {
    expect(referencesIn('arn:aws:s3:::models.prod/*')).toEqual([]);
    expect(referencesIn('${var.bucket}-${local.suffix}-${each.key}')).toEqual([]);
  });
});

describe('resource graph', () => {
  test('connects a bucket to the separate resources that configure it, through the argument used', async () => {
    const graph = await moduleFromHcl(`
resource "aws_s3_bucket" "data" {}
resource "aws_s3_bucket" "logs" {}
resource "aws_s3_bucket_versioning" "data" {
  bucket = aws_s3_bucket.data.id
  versioning_configuration { status = "Enabled" }
}
resource "aws_s3_bucket_logging" "data" {
  bucket        = aws_s3_bucket.data.bucket
  target_bucket = aws_s3_bucket.logs.id
}
`);
    const data = graph.resource('aws_s3_bucket.data')!;
    const logs = graph.resource('aws_s3_bucket.logs')!;
    expect(graph.referrers(data).map((resource) => resource.address).sort()).toEqual(['aws_s3_bucket_logging.data', 'aws_s3_bucket_versioning.data']);
    // The log bucket is only a logging target, not a bucket whose logging is configured.
    expect(graph.referrers(logs, { type: 'aws_s3_bucket_logging', via: 'bucket' })).toEqual([]);
    expect(graph.referrers(logs, { type: 'aws_s3_bucket_logging', via: 'target_bucket' })).toHaveLength(1);
  });

  test('follows a reference into nested blocks and reports the path', async () => {
    const graph = await moduleFromHcl(`
resource "aws_kms_key" "k" {}
resource "aws_eks_cluster" "c" {
  encryption_config {
    resources = ["secrets"]
    provider { key_arn = aws_kms_key.k.arn }
  }
}
`);
    const [reference] = graph.referencesFrom(graph.resource('aws_eks_cluster.c')!);
    expect(reference).toMatchObject({ path: 'encryption_config.provider.key_arn', attribute: 'arn' });
    expect(reference!.target.address).toBe('aws_kms_key.k');
  });
});

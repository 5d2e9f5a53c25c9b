import { App, Testing, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { Construct } from 'constructs';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { loadInput } from '../../policies/engine/inputs';
import { recordSource } from '../../policies/engine/source';

const THIS_FILE = relative(process.cwd(), __filename);

/** The line this is called from, to compare with what recordSource() records on the same line. */
function currentLine(): number {
  return Number(/:(\d+):\d+\)?$/.exec(new Error().stack!.split('\n')[2]!)![1]);
}

class LogBucket extends Construct {
  readonly recordedAt: number;
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new S3Bucket(this, 'Resource', {});
    this.recordedAt = currentLine(); recordSource(this); // prettier-ignore
  }
}

class ArtifactStore extends Construct {
  readonly recordedAt: number;
  readonly logs: LogBucket;
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const bucket = new S3Bucket(this, 'Resource', {});
    new S3BucketVersioningA(this, 'Versioning', { bucket: bucket.id, versioningConfiguration: { status: 'Enabled' } });
    this.logs = new LogBucket(this, 'Logs');
    this.recordedAt = currentLine(); recordSource(this); // prettier-ignore
  }
}

describe('recordSource()', () => {
  test('writes the constructing line into every resource, innermost construct first, and the loader reads it', async () => {
    const app: App = Testing.app();
    const stack = new TerraformStack(app, 'foundation');
    new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
    const store = new ArtifactStore(stack, 'Artifacts');
    app.synth();
    const synthesized = JSON.parse(readFileSync(join(app.outdir, 'stacks', 'foundation', 'cdk.tf.json'), 'utf8'));
    const bucketSources = Object.values(synthesized.resource.aws_s3_bucket as Record<string, { '//': { plinth_source: string } }>).map((bucket) => bucket['//'].plinth_source);
    expect(bucketSources.sort()).toEqual([`${THIS_FILE}:${store.recordedAt}`, `${THIS_FILE}:${store.logs.recordedAt}`].sort());
    expect(store.logs.recordedAt).not.toBe(store.recordedAt);

    const [graph] = await loadInput(app.outdir);
    const versioning = graph!.ofType('aws_s3_bucket_versioning')[0]!;
    expect(versioning.source).toEqual({ file: THIS_FILE, line: store.recordedAt });
  });
});

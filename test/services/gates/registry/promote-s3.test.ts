import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { CreateModelPackageGroupCommand, ListModelPackagesCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { readFileSync } from 'node:fs';
import { checkModelBytes } from '../../../../services/kit/models/check-model';
import { parseTritonConfig } from '../../../../services/kit/models/parse-triton-config';
import { publishToLocation } from '../../../../services/kit/models/publish-to-artifact-store';
import { type Emulator, MOTO_TOOL, startMoto, useEmulatorS3 } from '../../../support/moto';
import { requireTools } from '../../../support/tools';
import { startTracking, type TrackingHarness } from '../../tracking/support/tracking-harness';
import { FILES, plinth, promotionPolicy } from './registry-fixtures';

const moto = requireTools([MOTO_TOOL]);

(moto.available ? describe : describe.skip)('plinth gates promote into a Triton repository in an S3 bucket (moto emulator)', () => {
  let emulator: Emulator;
  let s3: S3Client;
  let tracking: TrackingHarness;
  const environment = { ...process.env };
  beforeAll(async () => {
    emulator = await startMoto();
    ({ s3 } = useEmulatorS3(emulator));
    process.env.AWS_ENDPOINT_URL_SAGEMAKER = emulator.endpoint;
    await s3.send(new CreateBucketCommand({ Bucket: 'ml-models' }));
    // As the foundation stack's ModelRegistry creates it.
    await new SageMakerClient({ endpoint: emulator.endpoint }).send(new CreateModelPackageGroupCommand({ ModelPackageGroupName: 'acme-ml-dev-models' }));
    tracking = await startTracking({ database: 'memory:' });
  }, 60_000);
  afterAll(async () => {
    await tracking?.close();
    await emulator?.stop();
    process.env = environment;
  });

  const object = async (key: string) => Buffer.from(await (await s3.send(new GetObjectCommand({ Bucket: 'ml-models', Key: key }))).Body!.transformToByteArray());

  it('publishes <model>/<version>/model.onnx and config.pbtxt under the prefix, with the registry version number', async () => {
    for (let i = 0; i < 2; i++) expect((await plinth('gates', 'register', '--tracking-url', tracking.url, '--model', 'churn', '--onnx', FILES.classifier, '--tag', 'git_commit=3f2a9c1')).code).toBe(0);
    const run = await plinth('gates', 'promote', '--tracking-url', tracking.url, '--model', 'churn', '--model-version', '2', '--policy', promotionPolicy(), '--holdout', FILES.classifierHoldout, '--repository', 's3://ml-models/models', '--model-package-group', 'acme-ml-dev-models');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^SageMaker: model package arn:aws:sagemaker:us-east-1:\d+:model-package\/acme-ml-dev-models\/1 Approved$/m);
    const packages = await new SageMakerClient({ endpoint: emulator.endpoint }).send(new ListModelPackagesCommand({ ModelPackageGroupName: 'acme-ml-dev-models' }));
    expect(packages.ModelPackageSummaryList?.map((summary) => summary.ModelApprovalStatus)).toEqual(['Approved']);
    expect(run.stdout).toContain("published 'churn' version 2 (sha256 ");
    expect(run.stdout).toContain('to s3://ml-models/models/churn/2/model.onnx');
    const keys = (await s3.send(new ListObjectsV2Command({ Bucket: 'ml-models' }))).Contents!.map((entry) => entry.Key).sort();
    expect(keys).toEqual(['models/churn/2/model.onnx', 'models/churn/config.pbtxt']);
    expect(await object('models/churn/2/model.onnx')).toEqual(readFileSync(FILES.classifier));
    expect(checkModelBytes(await object('models/churn/2/model.onnx')).inspection.inputs.map((input) => input.name)).toEqual(['features']);
    const config = parseTritonConfig((await object('models/churn/config.pbtxt')).toString());
    expect(config).toMatchObject({ name: 'churn', platform: 'onnxruntime_onnx', dynamicBatching: {}, input: [{ name: 'features' }] });
    await expect(publishToLocation('s3://ml-models/models', 'churn', readFileSync(FILES.classifier), { version: 2 })).rejects.toThrow(
      "model 'churn' version 2 is already in s3://ml-models/models: versions are immutable, publish version 3",
    );
  });

  it('rolls back: the repository serves the previous version again and its SageMaker package is Rejected', async () => {
    expect((await plinth('gates', 'register', '--tracking-url', tracking.url, '--model', 'churn', '--onnx', FILES.classifier, '--tag', 'git_commit=4b5c6d7')).code).toBe(0);
    const group = ['--model-package-group', 'acme-ml-dev-models'];
    const promoted = await plinth('gates', 'promote', '--tracking-url', tracking.url, '--model', 'churn', '--model-version', '3', '--policy', promotionPolicy(), '--holdout', FILES.classifierHoldout, '--repository', 's3://ml-models/models', ...group);
    expect(promoted.code).toBe(0);
    expect(parseTritonConfig((await object('models/churn/config.pbtxt')).toString()).versionPolicy).toEqual({ specific: { versions: [3] } });
    const back = await plinth('gates', 'rollback', '--tracking-url', tracking.url, '--model', 'churn', '--repository', 's3://ml-models/models', ...group);
    expect(back.stderr).toBe('');
    expect(back.stdout).toMatch(/serving: s3:\/\/ml-models\/models now serves 'churn' version 2 \(it served version 3\)\nSageMaker: model package \S+\/2 Approved -> Rejected\n$/);
    expect(parseTritonConfig((await object('models/churn/config.pbtxt')).toString()).versionPolicy).toEqual({ specific: { versions: [2] } });
  });

  it('exits 3 with one line when the bucket cannot be written, and moves no alias', async () => {
    const run = await plinth('gates', 'promote', '--tracking-url', tracking.url, '--model', 'churn', '--model-version', '1', '--policy', promotionPolicy(), '--holdout', FILES.classifierHoldout, '--repository', 's3://no-such-bucket/models');
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/^cannot publish to the model repository s3:\/\/no-such-bucket\/models: .+; nothing moved\n$/);
    expect((await tracking.client.getRegisteredModel('churn')).aliases).toEqual([{ alias: 'champion', version: '2' }]);
  });
});

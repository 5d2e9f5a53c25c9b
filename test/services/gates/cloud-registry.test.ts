import { CreateModelPackageGroupCommand, DescribeModelPackageCommand, ListModelPackagesCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { EXIT_BAD_INPUT, EXIT_UNAVAILABLE } from '../../../core/exit-codes';
import type { GateResult } from '../../../services/gates/decision/gate';
import { mirrorToSageMaker, updateApproval } from '../../../services/gates/cloud-registry';
import { type Emulator, MOTO_TOOL, startMoto } from '../../support/moto';
import { requireTools } from '../../support/tools';

const moto = requireTools([MOTO_TOOL]);

/** The foundation's group name for namePrefix `plinth-dev` (constructs/aws/kit.ts: `<namePrefix>-models`). */
const GROUP = 'plinth-dev-models';
const LINEAGE = { git_commit: '3f2a9c1', dataset_version: '2026-11', training_image: 'ghcr.io/acme/train:1.4' };
const gates = (accuracy: number, verdict: GateResult['verdict']): GateResult[] => [
  { gate: 'safety', name: 'candidate artifact', measured: 'sha256:ab12', threshold: 'ONNX, standard operators', verdict: 'pass' },
  { gate: 'metric', name: 'accuracy', measured: accuracy, threshold: '>= 0.85', verdict, ...(verdict === 'fail' ? { reason: 'below the minimum 0.85' } : {}) },
  { gate: 'slice', name: 'region: recall, worst slice', measured: 0.8, threshold: '>= 0.75', verdict: 'pass', reason: 'worst slice "eu"' },
];

(moto.available ? describe : describe.skip)('mirroring promotions into a SageMaker model package group (moto emulator)', () => {
  let emulator: Emulator;
  let sagemaker: SageMakerClient;
  const environment = { ...process.env };
  beforeAll(async () => {
    emulator = await startMoto();
    // The mirror builds its own client from the environment, as it would in the cluster.
    Object.assign(process.env, { AWS_ENDPOINT_URL_SAGEMAKER: emulator.endpoint, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_REGION: 'us-east-1' });
    sagemaker = new SageMakerClient({ endpoint: emulator.endpoint });
    await sagemaker.send(new CreateModelPackageGroupCommand({ ModelPackageGroupName: GROUP, ModelPackageGroupDescription: 'Model versions promoted by Plinth gates' }));
  }, 60_000);
  afterAll(async () => {
    await emulator?.stop();
    process.env = environment;
  });

  const packagesOf = async () => (await sagemaker.send(new ListModelPackagesCommand({ ModelPackageGroupName: GROUP }))).ModelPackageSummaryList ?? [];
  const describe_ = (arn: string) => sagemaker.send(new DescribeModelPackageCommand({ ModelPackageName: arn }));

  it('mirrors an approved version with its gates, lineage and serving image, and a rejected one', async () => {
    const approved = await mirrorToSageMaker({
      groupName: GROUP,
      modelName: 'churn',
      version: 3,
      approved: true,
      decision: { verdict: 'pass', risk: 'low', gates: gates(0.91, 'pass') },
      lineage: LINEAGE,
      artifactUri: 's3://plinth-dev-artifacts/models/churn/3/model.onnx',
      sha256: 'ab12',
      reportUri: 's3://plinth-dev-artifacts/reports/churn/3/gate-report.json',
      serving: { image: '785573368785.dkr.ecr.us-east-1.amazonaws.com/sagemaker-tritonserver:24.09-py3', repositoryUri: 's3://plinth-dev-artifacts/models' },
    });
    const rejected = await mirrorToSageMaker({
      groupName: GROUP,
      modelName: 'churn',
      version: 4,
      approved: false,
      decision: { verdict: 'fail', risk: 'low', gates: gates(0.7, 'fail') },
      lineage: LINEAGE,
      artifactUri: 's3://plinth-dev-artifacts/models/churn/4/model.onnx',
    });
    expect(approved).toMatchObject({ status: 'Approved', created: true, packageVersion: 1 });
    expect(rejected).toMatchObject({ status: 'Rejected', created: true, packageVersion: 2 });

    const summaries = await packagesOf();
    expect(summaries.map((summary) => [summary.ModelPackageVersion, summary.ModelApprovalStatus])).toEqual([[1, 'Approved'], [2, 'Rejected']]);

    const read = await describe_(approved.arn);
    expect(read.ModelApprovalStatus).toBe('Approved');
    expect(read.ApprovalDescription).toBe('gates verdict pass, risk class low');
    expect(read.CustomerMetadataProperties).toEqual({
      'plinth:model': 'churn',
      'plinth:version': '3',
      'plinth:verdict': 'pass',
      'plinth:risk': 'low',
      'plinth:artifact': 's3://plinth-dev-artifacts/models/churn/3/model.onnx',
      'plinth:sha256': 'ab12',
      'plinth:report': 's3://plinth-dev-artifacts/reports/churn/3/gate-report.json',
      'plinth:lineage:git_commit': '3f2a9c1',
      'plinth:lineage:dataset_version': '2026-11',
      'plinth:lineage:training_image': 'ghcr.io/acme/train:1.4',
      'plinth:gate:safety candidate artifact': 'pass measured=sha256:ab12 threshold=ONNX standard operators',
      'plinth:gate:metric accuracy': 'pass measured=0.91 threshold=min 0.85',
      'plinth:gate:slice region: recall worst slice': 'pass measured=0.8 threshold=min 0.75 reason=worst slice eu',
    });
    expect(read.ModelMetrics?.ModelQuality?.Statistics).toEqual({ ContentType: 'application/json', S3Uri: 's3://plinth-dev-artifacts/reports/churn/3/gate-report.json' });
    expect(read.InferenceSpecification?.Containers).toEqual([
      {
        Image: '785573368785.dkr.ecr.us-east-1.amazonaws.com/sagemaker-tritonserver:24.09-py3',
        ModelDataSource: { S3DataSource: { S3Uri: 's3://plinth-dev-artifacts/models/', S3DataType: 'S3Prefix', CompressionType: 'None' } },
        Environment: { SAGEMAKER_TRITON_DEFAULT_MODEL_NAME: 'churn' },
      },
    ]);

    const failed = await describe_(rejected.arn);
    expect(failed.ModelApprovalStatus).toBe('Rejected');
    expect(failed.CustomerMetadataProperties).toMatchObject({ 'plinth:version': '4', 'plinth:verdict': 'fail', 'plinth:gate:metric accuracy': 'fail measured=0.7 threshold=min 0.85 reason=below the minimum 0.85' });
    expect(failed.InferenceSpecification).toBeUndefined();
  });

  it('makes one package per version: mirroring a version again updates its package', async () => {
    const before = (await packagesOf()).length;
    const again = await mirrorToSageMaker({
      groupName: GROUP,
      modelName: 'churn',
      version: '4',
      approved: true,
      approvalDescription: 'gates re-run on the corrected holdout',
      approvedBy: 'bob',
      decision: { verdict: 'pass', risk: 'low', gates: gates(0.88, 'pass') },
      lineage: LINEAGE,
      artifactUri: 's3://plinth-dev-artifacts/models/churn/4/model.onnx',
    });
    expect(again).toMatchObject({ created: false, status: 'Approved', packageVersion: 2 });
    expect((await packagesOf()).length).toBe(before);
    const read = await describe_(again.arn);
    expect(read).toMatchObject({ ModelApprovalStatus: 'Approved', ApprovalDescription: 'gates re-run on the corrected holdout' });
    expect(read.CustomerMetadataProperties).toMatchObject({ 'plinth:verdict': 'pass', 'plinth:approval-by': 'bob', 'plinth:gate:metric accuracy': 'pass measured=0.88 threshold=min 0.85' });

    // Another model's version 4 is a package of its own.
    const other = await mirrorToSageMaker({ groupName: GROUP, modelName: 'price', version: 4, approved: true, decision: { verdict: 'pass', risk: 'low', gates: [] }, lineage: {}, artifactUri: 'file:///models/price/4/model.onnx' });
    expect(other.created).toBe(true);
    expect((await packagesOf()).length).toBe(before + 1);
  });

  it('refuses a second mirror of a version whose artifact digest changed', async () => {
    const mirror = mirrorToSageMaker({ groupName: GROUP, modelName: 'churn', version: 3, approved: true, decision: { verdict: 'pass', risk: 'low', gates: [] }, lineage: {}, artifactUri: 's3://b/churn/3/model.onnx', sha256: 'ffff' });
    await expect(mirror).rejects.toMatchObject({ exitCode: EXIT_BAD_INPUT, message: expect.stringMatching(/^churn version 3 was mirrored to arn:aws:sagemaker:.*\/1 with sha256 ab12, not ffff/) });
  });

  it('flips the approval for a rollback and back for a human approval, keeping the metadata', async () => {
    const rolledBack = await updateApproval({ groupName: GROUP, modelName: 'churn', version: 3, approved: false, reason: 'rolled back: error rate after release' });
    expect(rolledBack).toMatchObject({ previousStatus: 'Approved', status: 'Rejected' });
    const read = await describe_(rolledBack.arn);
    expect(read).toMatchObject({ ModelApprovalStatus: 'Rejected', ApprovalDescription: 'rolled back: error rate after release' });
    expect(read.CustomerMetadataProperties).toMatchObject({ 'plinth:version': '3', 'plinth:lineage:git_commit': '3f2a9c1', 'plinth:gate:metric accuracy': 'pass measured=0.91 threshold=min 0.85' });

    const approved = await updateApproval({ groupName: GROUP, modelName: 'churn', version: 3, approved: true, reason: 'approved by a risk officer', by: 'alice (approver)' });
    expect(approved).toMatchObject({ previousStatus: 'Rejected', status: 'Approved' });
    expect((await describe_(approved.arn)).CustomerMetadataProperties).toMatchObject({ 'plinth:approval-by': 'alice approver', 'plinth:sha256': 'ab12' });
  });

  it('says which version is missing when a flip names one that was never mirrored', async () => {
    await expect(updateApproval({ groupName: GROUP, modelName: 'churn', version: 99, approved: true })).rejects.toMatchObject({
      exitCode: EXIT_BAD_INPUT,
      message: `no SageMaker model package for churn version 99 in group "${GROUP}": mirror it first (mirrorToSageMaker, run by plinth gates promote)`,
    });
  });

  it('names the missing group and the foundation stack that creates it', async () => {
    const expected = {
      exitCode: EXIT_UNAVAILABLE,
      message: 'SageMaker model package group "plinth-prod-models" does not exist in us-east-1: the AWS foundation stack creates it (construct ModelRegistry, output model_registry); deploy the foundation of this environment, or pass the group its model_registry output names',
    };
    const decision = { verdict: 'pass', risk: 'low', gates: [] };
    await expect(mirrorToSageMaker({ groupName: 'plinth-prod-models', modelName: 'churn', version: 1, approved: true, decision, lineage: {}, artifactUri: 's3://b/k' })).rejects.toMatchObject(expected);
    await expect(updateApproval({ groupName: 'plinth-prod-models', modelName: 'churn', version: 1, approved: false })).rejects.toMatchObject(expected);
  });

  it('refuses serving that SageMaker could not use before calling it', async () => {
    const mirror = mirrorToSageMaker({
      groupName: GROUP,
      modelName: 'churn',
      version: 5,
      approved: true,
      decision: { verdict: 'pass', risk: 'low', gates: [] },
      lineage: {},
      artifactUri: 'gs://bucket/churn/5/model.onnx',
      serving: { image: 'triton latest', repositoryUri: 'gs://bucket/models' },
    });
    await expect(mirror).rejects.toMatchObject({ exitCode: EXIT_BAD_INPUT, message: expect.stringContaining('serving.repositoryUri: found "gs://bucket/models"; SageMaker reads model data only from S3') });
    await expect(mirror).rejects.toMatchObject({ message: expect.stringContaining('serving.image: found "triton latest"') });
  });

  // Last: it switches the emulator's IAM checks on for every later request.
  it('turns access denied into one line naming the action and the permissions needed (exit code 3)', async () => {
    const user = await createUserAllowedOnly(emulator.endpoint, ['sagemaker:Describe*', 'sagemaker:List*']);
    await fetch(`${emulator.endpoint}/moto-api/reset-auth`, { method: 'POST', body: '0' });
    const client = new SageMakerClient({ endpoint: emulator.endpoint, credentials: user });
    const mirror = mirrorToSageMaker({ client, groupName: GROUP, modelName: 'churn', version: 6, approved: true, decision: { verdict: 'pass', risk: 'low', gates: [] }, lineage: {}, artifactUri: 's3://b/k' });
    await expect(mirror).rejects.toMatchObject({
      exitCode: EXIT_UNAVAILABLE,
      message: expect.stringMatching(/^access denied to SageMaker \(sagemaker:CreateModelPackage on model package group "plinth-dev-models"\) \(HTTP 403\); the identity that promotes needs sagemaker:DescribeModelPackageGroup, .*sagemaker:UpdateModelPackage on the group and its packages$/),
    });
    const stranger = new SageMakerClient({ endpoint: emulator.endpoint, credentials: { accessKeyId: 'AKIAUNKNOWN', secretAccessKey: 'x' } });
    await expect(updateApproval({ client: stranger, groupName: GROUP, modelName: 'churn', version: 3, approved: false })).rejects.toMatchObject({
      exitCode: EXIT_UNAVAILABLE,
      message: expect.stringMatching(/^access denied to SageMaker \(sagemaker:DescribeModelPackageGroup on/),
    });
  });
});

/**
 * An IAM user whose only policy allows `actions`, through moto's IAM query API (the repo has no IAM SDK
 * client; moto does not check signatures while its IAM checks are off).
 */
async function createUserAllowedOnly(endpoint: string, actions: readonly string[]): Promise<{ accessKeyId: string; secretAccessKey: string }> {
  const iam = async (parameters: Record<string, string>) => {
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: 'AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0' },
      body: new URLSearchParams({ Version: '2010-05-08', ...parameters }),
    });
    if (!response.ok) throw new Error(`IAM ${parameters.Action}: HTTP ${response.status}`);
    return response.text();
  };
  await iam({ Action: 'CreateUser', UserName: 'promoter' });
  await iam({ Action: 'PutUserPolicy', UserName: 'promoter', PolicyName: 'read-only', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }] }) });
  const key = await iam({ Action: 'CreateAccessKey', UserName: 'promoter' });
  return { accessKeyId: /<AccessKeyId>(.*?)</.exec(key)![1]!, secretAccessKey: /<SecretAccessKey>(.*?)</.exec(key)![1]! };
}

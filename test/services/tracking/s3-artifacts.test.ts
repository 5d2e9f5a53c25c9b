import { CreateBucketCommand, GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { type Emulator, MOTO_TOOL, startMoto, useEmulatorS3 } from '../../support/moto';
import { requireTools } from '../../support/tools';
import { startTracking, type TrackingHarness } from './support/tracking-harness';

const moto = requireTools([MOTO_TOOL]);

(moto.available ? describe : describe.skip)('artifact proxy over S3 (moto emulator)', () => {
  let emulator: Emulator;
  let harness: TrackingHarness;
  let s3: S3Client;
  let restoreEnvironment: () => void;
  beforeAll(async () => {
    emulator = await startMoto();
    ({ s3, restore: restoreEnvironment } = useEmulatorS3(emulator));
    await s3.send(new CreateBucketCommand({ Bucket: 'ml-artifacts' }));
    harness = await startTracking({ database: 'memory:', artifacts: 's3://ml-artifacts/tracking' });
  }, 60_000);
  afterAll(async () => {
    await harness?.close();
    await emulator?.stop();
    restoreEnvironment?.();
  });

  it('stores a run’s artifacts under the bucket prefix, so clients need no cloud credentials', async () => {
    const { client } = harness;
    const run = await client.createRun();
    const base = run.info.artifact_uri.replace('mlflow-artifacts:/', '');
    await client.uploadArtifact(`${base}/model/MLmodel`, 'flavors: {}\n');
    const stored = await s3.send(new GetObjectCommand({ Bucket: 'ml-artifacts', Key: `tracking/${base}/model/MLmodel` }));
    expect(await stored.Body!.transformToString()).toBe('flavors: {}\n');
    expect(await client.listArtifacts(`${base}/model`)).toEqual([{ path: 'MLmodel', is_dir: false, file_size: 12 }]);
    expect((await client.downloadArtifact(`${base}/model/MLmodel`)).toString()).toBe('flavors: {}\n');
  });
});

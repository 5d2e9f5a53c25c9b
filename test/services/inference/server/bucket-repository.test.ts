import { CreateBucketCommand, DeleteObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { EXIT_UNAVAILABLE } from '../../../../core/exit-codes';
import { publishToRepository } from '../../../../services/kit/models/publish-to-repository';
import { TokenTable } from '../../../../services/kit/server/tokens';
import { createInferenceServer } from '../../../../services/inference/server/inference-server';
import { type Emulator, MOTO_TOOL, startMoto, useEmulatorS3 } from '../../../support/moto';
import { requireTools } from '../../../support/tools';

const moto = requireTools([MOTO_TOOL]);
const FIXTURES = path.join(__dirname, '..', '..', '..', 'fixtures', 'models');

(moto.available ? describe : describe.skip)('a model repository in an S3 bucket (moto emulator)', () => {
  let emulator: Emulator;
  let s3: S3Client;
  let restoreEnvironment: () => void;
  beforeAll(async () => {
    emulator = await startMoto();
    ({ s3, restore: restoreEnvironment } = useEmulatorS3(emulator));
    await s3.send(new CreateBucketCommand({ Bucket: 'ml-models' }));
  }, 60_000);
  afterAll(async () => {
    await emulator?.stop();
    restoreEnvironment?.();
  });

  /** Publishes a fixture as the gates would, then uploads the repository's files under `models/`. */
  async function upload(name: string, fixture: string, version: number): Promise<void> {
    const staging = mkdtempSync(path.join(tmpdir(), 'plinth-bucket-staging-'));
    await publishToRepository(staging, name, readFileSync(path.join(FIXTURES, fixture)), { version });
    for (const key of [`${name}/config.pbtxt`, `${name}/${version}/model.onnx`]) {
      await s3.send(new PutObjectCommand({ Bucket: 'ml-models', Key: `models/${key}`, Body: readFileSync(path.join(staging, key)) }));
    }
  }

  it('mirrors the bucket, serves its models, and follows it when polled', async () => {
    await upload('price', 'regressor.onnx', 1);
    await upload('churn', 'binary-classifier.onnx', 1);
    await s3.send(new PutObjectCommand({ Bucket: 'ml-models', Key: 'models/notes.txt', Body: 'not a model' }));
    const cache = mkdtempSync(path.join(tmpdir(), 'plinth-model-cache-test-'));
    const server = await createInferenceServer({
      repository: 's3://ml-models/models',
      modelCache: cache,
      modelControlMode: 'poll',
      pollSeconds: 3600,
      tokens: new TokenTable([]),
      version: 'test',
      logStream: { write: () => undefined },
    });
    try {
      const url = await server.service.listen({ port: 0, host: '127.0.0.1' });
      const infer = () =>
        fetch(`${url}/v2/models/price/infer`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ inputs: [{ name: 'features', datatype: 'FP32', shape: [1, 3], data: [1, 2, 3] }] }) });
      expect(await (await infer()).json()).toMatchObject({ model_version: '1', outputs: [{ data: [4.25] }] });
      expect(readdirSync(cache).sort()).toEqual(['churn', 'price']);

      await upload('price', 'regressor.onnx', 2);
      await s3.send(new DeleteObjectCommand({ Bucket: 'ml-models', Key: 'models/churn/config.pbtxt' }));
      await s3.send(new DeleteObjectCommand({ Bucket: 'ml-models', Key: 'models/churn/1/model.onnx' }));
      await server.poller!.pollNow();
      expect(await (await infer()).json()).toMatchObject({ model_version: '2' });
      expect((await fetch(`${url}/v2/models/churn/ready`)).status).toBe(400);
      expect(readdirSync(cache)).toEqual(['price']);
    } finally {
      await server.service.close();
    }
  });

  it('refuses to start, exit code 3 naming the bucket, when the bucket cannot be read', async () => {
    const start = createInferenceServer({ repository: 's3://no-such-bucket/models', tokens: new TokenTable([]), version: 'test', logStream: { write: () => undefined } });
    await expect(start).rejects.toMatchObject({ exitCode: EXIT_UNAVAILABLE, message: expect.stringMatching(/^cannot read the model repository s3:\/\/no-such-bucket\/models: .*check the bucket, the credentials and the region$/) });
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { checkArtifactPath, MAX_ARTIFACT_SEGMENT_BYTES } from '../../../services/kit/artifacts/artifact-path';
import { ArtifactNotFoundError, type ArtifactStore } from '../../../services/kit/artifacts/artifact-store';
import { GcsArtifactStore, type GcsBucket } from '../../../services/kit/artifacts/gcs-artifact-store';
import { openArtifactStore } from '../../../services/kit/artifacts/open-artifact-store';
import { type Emulator, MOTO_TOOL, startMoto } from '../../support/moto';
import { requireTools } from '../../support/tools';

/** The ArtifactStore contract, run against each store that can be reached from here. */
function describeArtifactStore(open: () => Promise<ArtifactStore>): void {
  let store: ArtifactStore;
  beforeAll(async () => {
    store = await open();
  });

  it('writes, lists, reads, replaces and deletes files and directories', async () => {
    await store.put('exp/run/artifacts/model/weights.bin', Readable.from([Buffer.from('0123456789')]), 10);
    await store.put('exp/run/artifacts/notes.txt', Readable.from(['hello']));
    expect(await store.list('exp/run/artifacts')).toEqual([
      { path: 'exp/run/artifacts/model', isDir: true },
      { path: 'exp/run/artifacts/notes.txt', isDir: false, size: 5 },
    ]);
    expect(await store.list('')).toEqual([{ path: 'exp', isDir: true }]);
    expect(await text(await store.get('exp/run/artifacts/model/weights.bin'))).toBe('0123456789');
    await store.put('exp/run/artifacts/notes.txt', Readable.from(['bye']));
    expect(await text(await store.get('exp/run/artifacts/notes.txt'))).toBe('bye');
    await store.delete('exp/run/artifacts/model');
    expect((await store.list('exp/run/artifacts')).map((entry) => entry.path)).toEqual(['exp/run/artifacts/notes.txt']);
    await expect(store.get('exp/run/artifacts/model/weights.bin')).rejects.toBeInstanceOf(ArtifactNotFoundError);
    expect(await store.list('does/not/exist')).toEqual([]);
    await store.delete('does/not/exist');
  });

  it('keeps non-ASCII names and names of the longest length a file system allows', async () => {
    const longest = 'n'.repeat(MAX_ARTIFACT_SEGMENT_BYTES);
    await store.put('unicode/модель ☃.txt', Readable.from(['привет']));
    await store.put(`unicode/${longest}`, Readable.from(['long']));
    expect(await text(await store.get('unicode/модель ☃.txt'))).toBe('привет');
    expect(await text(await store.get(`unicode/${longest}`))).toBe('long');
    expect((await store.list('unicode')).map((entry) => entry.path).sort()).toEqual([`unicode/${longest}`, 'unicode/модель ☃.txt']);
  });
}

describe('local directory artifact store', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'plinth-local-artifacts-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  describeArtifactStore(async () => openArtifactStore(dir));
});

const moto = requireTools([MOTO_TOOL]);
(moto.available ? describe : describe.skip)('S3 artifact store (on the moto emulator)', () => {
  let emulator: Emulator;
  const environment = { ...process.env };
  beforeAll(async () => {
    emulator = await startMoto();
    Object.assign(process.env, { AWS_ENDPOINT_URL_S3: emulator.endpoint, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_REGION: 'us-east-1' });
    await new S3Client({ endpoint: emulator.endpoint, forcePathStyle: true }).send(new CreateBucketCommand({ Bucket: 'plinth-artifacts' }));
  }, 60_000);
  afterAll(async () => {
    process.env = environment;
    await emulator?.stop();
  });
  // The store finds the emulator through AWS_ENDPOINT_URL_S3, as a deployment would find MinIO.
  describeArtifactStore(async () => openArtifactStore('s3://plinth-artifacts/tracking'));
});

describe('GCS artifact store (mock bucket: Google Cloud Storage cannot be reached from here)', () => {
  it('maps prefixes to directories and objects to files, relative to its prefix', async () => {
    const getFiles = jest.fn().mockResolvedValue([[{ name: 'root/exp/run/a.txt', metadata: { size: '3' } }], null, { prefixes: ['root/exp/run/sub/'] }]);
    const bucket = { name: 'b', getFiles } as unknown as GcsBucket;
    const store = new GcsArtifactStore({ uri: 'gs://b/root/', bucket });
    expect(store.root).toBe('gs://b/root');
    expect(await store.list('exp/run')).toEqual([
      { path: 'exp/run/a.txt', isDir: false, size: 3 },
      { path: 'exp/run/sub', isDir: true },
    ]);
    expect(getFiles).toHaveBeenCalledWith({ prefix: 'root/exp/run/', delimiter: '/', autoPaginate: false, pageToken: undefined });
  });
});

describe('artifact paths', () => {
  it.each(['a.txt', 'exp/run/artifacts/model.pkl', 'dir/', 'name with spaces/x%20y', 'модель ☃.txt', 'x'.repeat(255), Array(10).fill('d'.repeat(99)).join('/')])('accepts %s', (candidate) => {
    expect(checkArtifactPath(candidate)).toBe(candidate.replace(/\/$/, ''));
  });
  it.each(['', '/etc/passwd', '../x', 'a/../../b', 'a/./b', 'a//b', '..%2fsecret', '%2e%2e/x', 'a\\b', 'a\0b', '%E0%A4%A', 'x'.repeat(256), 'я'.repeat(128), Array(11).fill('d'.repeat(99)).join('/')])('refuses %j', (candidate) => {
    expect(checkArtifactPath(candidate)).toBeUndefined();
  });
});

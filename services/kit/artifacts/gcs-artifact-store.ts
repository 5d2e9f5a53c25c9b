import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type Bucket, Storage } from '@google-cloud/storage';
import { type ArtifactEntry, ArtifactNotFoundError, type ArtifactStore, joinKey } from './artifact-store';

/** The part of a GCS bucket this store uses. */
export type GcsBucket = Pick<Bucket, 'name' | 'file' | 'getFiles' | 'deleteFiles'>;

export interface GcsArtifactStoreOptions {
  /** `gs://bucket` or `gs://bucket/prefix` */
  readonly uri: string;
  /**
   * @default - the bucket through a client using Application Default Credentials
   */
  readonly bucket?: GcsBucket;
}

/** Artifacts under a Google Cloud Storage prefix. */
export class GcsArtifactStore implements ArtifactStore {
  readonly root: string;
  private readonly prefix: string;
  private readonly bucket: GcsBucket;

  constructor(options: GcsArtifactStoreOptions) {
    const url = new URL(options.uri);
    this.prefix = url.pathname.replace(/^\/+|\/+$/g, '');
    this.bucket = options.bucket ?? new Storage().bucket(url.host);
    this.root = `gs://${joinKey(url.host, this.prefix)}`;
  }

  async put(path: string, body: Readable): Promise<void> {
    // Resumable uploads keep state in a local config file; containers run with a read-only home.
    await pipeline(body, this.bucket.file(joinKey(this.prefix, path)).createWriteStream({ resumable: false }));
  }

  async get(path: string): Promise<Readable> {
    const file = this.bucket.file(joinKey(this.prefix, path));
    const [exists] = await file.exists();
    if (!exists) throw new ArtifactNotFoundError(path);
    return file.createReadStream();
  }

  async list(directory: string): Promise<ArtifactEntry[]> {
    const keyPrefix = joinKey(this.prefix, directory);
    const listPrefix = keyPrefix === '' ? '' : `${keyPrefix}/`;
    const entries: ArtifactEntry[] = [];
    let pageToken: string | undefined;
    do {
      const [files, next, response] = await this.bucket.getFiles({ prefix: listPrefix, delimiter: '/', autoPaginate: false, pageToken });
      const prefixes = ((response ?? {}) as { prefixes?: string[] }).prefixes ?? [];
      for (const prefix of prefixes) entries.push({ path: this.relative(prefix.replace(/\/$/, '')), isDir: true });
      for (const file of files) {
        if (file.name !== listPrefix) entries.push({ path: this.relative(file.name), isDir: false, size: Number(file.metadata.size ?? 0) });
      }
      pageToken = (next as { pageToken?: string } | null)?.pageToken;
    } while (pageToken);
    return entries.sort((a, b) => a.path.localeCompare(b.path));
  }

  async delete(path: string): Promise<void> {
    const key = joinKey(this.prefix, path);
    await this.bucket.file(key).delete({ ignoreNotFound: true });
    await this.bucket.deleteFiles({ prefix: `${key}/` });
  }

  private relative(key: string): string {
    return this.prefix === '' ? key : key.slice(this.prefix.length + 1);
  }
}

import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { DeleteObjectsCommand, GetObjectCommand, ListObjectsV2Command, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { type ArtifactEntry, ArtifactNotFoundError, type ArtifactStore, joinKey } from './artifact-store';

export interface S3ArtifactStoreOptions {
  /** `s3://bucket` or `s3://bucket/prefix` */
  readonly uri: string;
  /**
   * An S3-compatible endpoint (an emulator, MinIO); path-style addressing is used with it.
   * @default - `AWS_ENDPOINT_URL_S3`, else `AWS_ENDPOINT_URL`, else AWS itself
   */
  readonly endpoint?: string;
  /**
   * @default - a client from the standard AWS credential and region chain
   */
  readonly client?: S3Client;
}

/** Artifacts under an S3 prefix. */
export class S3ArtifactStore implements ArtifactStore {
  readonly root: string;
  private readonly bucket: string;
  private readonly prefix: string;
  private readonly client: S3Client;

  constructor(options: S3ArtifactStoreOptions) {
    const url = new URL(options.uri);
    this.bucket = url.host;
    this.prefix = url.pathname.replace(/^\/+|\/+$/g, '');
    this.root = `s3://${joinKey(this.bucket, this.prefix)}`;
    const endpoint = options.endpoint ?? process.env.AWS_ENDPOINT_URL_S3 ?? process.env.AWS_ENDPOINT_URL;
    this.client = options.client ?? new S3Client(endpoint ? { endpoint, forcePathStyle: true } : {});
  }

  async put(path: string, body: Readable, size?: number): Promise<void> {
    // PutObject needs the length up front; without one the body is buffered (multipart upload
    // would need @aws-sdk/lib-storage, not a dependency here).
    const payload = size === undefined ? await buffer(body) : body;
    await this.client.send(
      new PutObjectCommand({ Bucket: this.bucket, Key: joinKey(this.prefix, path), Body: payload, ContentLength: size ?? (payload as Buffer).length }),
    );
  }

  async get(path: string): Promise<Readable> {
    try {
      const object = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: joinKey(this.prefix, path) }));
      return object.Body as Readable;
    } catch (error) {
      if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey') throw new ArtifactNotFoundError(path);
      throw error;
    }
  }

  async list(directory: string): Promise<ArtifactEntry[]> {
    const keyPrefix = joinKey(this.prefix, directory);
    const listPrefix = keyPrefix === '' ? '' : `${keyPrefix}/`;
    const entries: ArtifactEntry[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: listPrefix, Delimiter: '/', ContinuationToken: token }));
      for (const common of page.CommonPrefixes ?? []) entries.push({ path: this.relative(common.Prefix!.replace(/\/$/, '')), isDir: true });
      for (const object of page.Contents ?? []) {
        if (object.Key !== listPrefix) entries.push({ path: this.relative(object.Key!), isDir: false, size: object.Size ?? 0 });
      }
      token = page.NextContinuationToken;
    } while (token);
    return entries.sort((a, b) => a.path.localeCompare(b.path));
  }

  async delete(path: string): Promise<void> {
    const key = joinKey(this.prefix, path);
    const keys = [key];
    let token: string | undefined;
    do {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: `${key}/`, ContinuationToken: token }));
      keys.push(...(page.Contents ?? []).map((object) => object.Key!));
      token = page.NextContinuationToken;
    } while (token);
    for (let start = 0; start < keys.length; start += 1000) {
      const batch = keys.slice(start, start + 1000).map((Key) => ({ Key }));
      await this.client.send(new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: batch, Quiet: true } }));
    }
  }

  private relative(key: string): string {
    return this.prefix === '' ? key : key.slice(this.prefix.length + 1);
  }
}

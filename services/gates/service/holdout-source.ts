import { mkdtemp, rm } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { ARTIFACT_PATH_RULES, checkArtifactPath } from '../../kit/artifacts/artifact-path';
import { ArtifactNotFoundError, type ArtifactStore } from '../../kit/artifacts/artifact-store';
import { ServiceError } from '../../kit/server/errors';

/**
 * Holdouts as the gates service reads them: a path relative to one configured location (`--holdouts`: a
 * folder, `s3://bucket/datasets`, `gs://…`), never an arbitrary file or bucket, so a requester can make the
 * service read only what that location holds (and the service's identity is granted only that prefix).
 */
export class HoldoutSource {
  constructor(private readonly store: ArtifactStore | undefined) {}

  /**
   * Copies the holdout into a private temporary folder and runs `work` with its path (the name keeps its
   * extension: `.csv`, `.parquet`); the copy is removed afterwards.
   */
  async withHoldout<T>(path: string, work: (file: string) => Promise<T>): Promise<T> {
    if (this.store === undefined) {
      throw new ServiceError('invalid', 'holdout: this gates service has no holdout location; start it with --holdouts <folder, s3://bucket/prefix or gs://bucket/prefix>');
    }
    const checked = checkArtifactPath(path);
    if (checked === undefined) throw new ServiceError('invalid', `holdout "${path}": expected ${ARTIFACT_PATH_RULES}, relative to ${this.store.root}`);
    const folder = await mkdtemp(join(tmpdir(), 'plinth-holdout-'));
    try {
      const file = join(folder, basename(checked));
      try {
        await pipeline(await this.store.get(checked), createWriteStream(file, { mode: 0o600 }));
      } catch (error) {
        if (error instanceof ArtifactNotFoundError) throw new ServiceError('not-found', `holdout "${path}": no such file in ${this.store.root}`);
        throw new ServiceError('unavailable', `holdout "${path}": cannot read it from ${this.store.root}: ${(error as Error).message}`);
      }
      return await work(file);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  }
}

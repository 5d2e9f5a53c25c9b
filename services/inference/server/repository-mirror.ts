import { createWriteStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { EXIT_UNAVAILABLE, UserFacingError } from '../../../core/exit-codes';
import type { ArtifactStore } from '../../kit/artifacts/artifact-store';
import { CONFIG_FILE, MODEL_FILE, MODEL_NAME, VERSION_FOLDER } from '../../kit/models/model-repository';

/** What one sync changed in the local folder. */
export interface MirrorSync {
  readonly downloaded: number;
  readonly removed: number;
}

/**
 * A model repository in a bucket (S3 or GCS, through the kit's artifact stores), mirrored into a local
 * folder that the server loads from: onnxruntime reads files, and a version keeps serving from its
 * local copy whatever happens to the bucket meanwhile. Only the repository's own files are copied
 * (`<model>/config.pbtxt`, `<model>/<version>/model.onnx`); each arrives whole (written beside, then
 * renamed), so a load never sees half a file.
 */
export class RepositoryMirror {
  private running: Promise<MirrorSync> | undefined;
  private queued: Promise<MirrorSync> | undefined;

  constructor(
    private readonly store: ArtifactStore,
    /** The local folder, owned by the mirror: what the bucket lacks is deleted from it. */
    readonly folder: string,
  ) {}

  /**
   * Brings the folder to the bucket's state: new files and changed ones (config.pbtxt every time, it
   * is small and its size may not change; a model.onnx when its size differs) are downloaded, files
   * gone from the bucket are deleted. A bucket that cannot be read is exit code 3, naming it. Calls
   * while a sync runs share one more sync after it: never two at once on the folder, and each caller
   * sees the bucket as it was at its call or later.
   */
  sync(): Promise<MirrorSync> {
    if (this.running === undefined) {
      this.running = this.syncNow().finally(() => (this.running = undefined));
      return this.running;
    }
    this.queued ??= this.running
      .catch(() => undefined)
      .then(() => {
        this.queued = undefined;
        return this.sync();
      });
    return this.queued;
  }

  private async syncNow(): Promise<MirrorSync> {
    const wanted = await this.remoteFiles();
    let downloaded = 0;
    for (const [path, size] of wanted) {
      const local = join(this.folder, path);
      const current = await stat(local).then((info) => info.size, () => undefined);
      if (path.endsWith(`/${MODEL_FILE}`) && current === size) continue;
      if (await this.download(path, local)) downloaded++;
    }
    return { downloaded, removed: await this.removeUnwanted(new Set(wanted.keys())) };
  }

  /** `<model>/config.pbtxt` and `<model>/<version>/model.onnx` in the bucket, with their sizes. */
  private async remoteFiles(): Promise<Map<string, number | undefined>> {
    const files = new Map<string, number | undefined>();
    try {
      for (const model of await this.store.list('')) {
        if (!model.isDir || !MODEL_NAME.test(model.path)) continue;
        for (const entry of await this.store.list(model.path)) {
          const name = entry.path.slice(model.path.length + 1);
          if (!entry.isDir && name === CONFIG_FILE) files.set(entry.path, entry.size);
          if (!entry.isDir || !VERSION_FOLDER.test(name)) continue;
          for (const file of await this.store.list(entry.path)) {
            if (!file.isDir && file.path === `${entry.path}/${MODEL_FILE}`) files.set(file.path, file.size);
          }
        }
      }
    } catch (error) {
      throw new UserFacingError(`cannot read the model repository ${this.store.root}: ${(error as Error).message}; check the bucket, the credentials and the region`, EXIT_UNAVAILABLE, { cause: error });
    }
    return files;
  }

  /**
   * Downloads a file unless the local copy has the same bytes: an unchanged config keeps its
   * modification time, so a poll does not reload a model for nothing. True when it was replaced.
   */
  private async download(path: string, local: string): Promise<boolean> {
    await mkdir(join(local, '..'), { recursive: true });
    const partial = `${local}.partial-${process.pid}`;
    try {
      await pipeline(await this.store.get(path), createWriteStream(partial));
      if (await sameBytes(partial, local)) {
        await rm(partial, { force: true });
        return false;
      }
      await rename(partial, local);
      return true;
    } catch (error) {
      await rm(partial, { force: true });
      throw new UserFacingError(`cannot download ${this.store.root}/${path}: ${(error as Error).message}`, EXIT_UNAVAILABLE, { cause: error });
    }
  }

  /** Deletes local files the bucket no longer has, and folders left empty. */
  private async removeUnwanted(wanted: ReadonlySet<string>): Promise<number> {
    let removed = 0;
    const walk = async (relative: string): Promise<boolean> => {
      const entries = await readdir(join(this.folder, relative), { withFileTypes: true }).catch(() => []);
      let kept = 0;
      for (const entry of entries) {
        const path = relative === '' ? entry.name : `${relative}/${entry.name}`;
        if (entry.isDirectory() ? await walk(path) : wanted.has(path)) {
          kept++;
          continue;
        }
        await rm(join(this.folder, path), { recursive: true, force: true });
        if (!entry.isDirectory()) removed++;
      }
      return kept > 0;
    };
    await mkdir(this.folder, { recursive: true });
    await walk('');
    return removed;
  }
}

async function sameBytes(a: string, b: string): Promise<boolean> {
  const [left, right] = await Promise.all([readFile(a), readFile(b).catch(() => undefined)]);
  return right !== undefined && left.equals(right);
}

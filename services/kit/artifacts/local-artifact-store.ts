import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { randomUUID } from 'node:crypto';
import { type ArtifactEntry, ArtifactNotFoundError, ArtifactPathConflictError, type ArtifactStore } from './artifact-store';

/** What mkdir and rename answer when a file stands where a directory must be, or the other way round. */
const PATH_CONFLICTS = new Set(['EEXIST', 'ENOTDIR', 'EISDIR']);

function asPathConflict(error: unknown, artifactPath: string): unknown {
  return PATH_CONFLICTS.has((error as NodeJS.ErrnoException).code ?? '') ? new ArtifactPathConflictError(artifactPath) : error;
}

/** Artifacts in a local directory (the default for `plinth tracking serve`). */
export class LocalArtifactStore implements ArtifactStore {
  readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  async put(artifactPath: string, body: Readable): Promise<void> {
    const target = this.resolve(artifactPath);
    // Written beside the target and renamed, so that a reader never sees half a file; named apart from
    // the target, so that a name of the longest length the file system allows still fits.
    const partial = path.join(path.dirname(target), `.${randomUUID()}.partial`);
    await mkdir(path.dirname(target), { recursive: true }).catch((error: unknown) => {
      throw asPathConflict(error, artifactPath);
    });
    try {
      await pipeline(body, createWriteStream(partial));
      await rename(partial, target);
    } catch (error) {
      throw asPathConflict(error, artifactPath);
    } finally {
      await rm(partial, { force: true });
    }
  }

  async get(artifactPath: string): Promise<Readable> {
    const file = this.resolve(artifactPath);
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) throw new ArtifactNotFoundError(artifactPath);
    return createReadStream(file);
  }

  async list(directory: string): Promise<ArtifactEntry[]> {
    const dir = this.resolve(directory);
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    const listed = await Promise.all(
      entries
        .filter((entry) => !entry.name.endsWith('.partial'))
        .map(async (entry) => {
          const relative = directory === '' ? entry.name : `${directory}/${entry.name}`;
          if (entry.isDirectory()) return { path: relative, isDir: true };
          return { path: relative, isDir: false, size: (await stat(path.join(dir, entry.name))).size };
        }),
    );
    return listed.sort((a, b) => a.path.localeCompare(b.path));
  }

  async delete(artifactPath: string): Promise<void> {
    // A path under a file (ENOTDIR) names nothing, as a path that does not exist.
    await rm(this.resolve(artifactPath), { recursive: true, force: true }).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOTDIR') throw error;
    });
  }

  private resolve(artifactPath: string): string {
    return path.join(this.root, ...artifactPath.split('/').filter((part) => part !== ''));
  }
}

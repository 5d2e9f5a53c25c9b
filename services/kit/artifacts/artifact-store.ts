import type { Readable } from 'node:stream';

/** One entry of a directory listing; `path` is relative to the store's root. */
export interface ArtifactEntry {
  readonly path: string;
  readonly isDir: boolean;
  /** Bytes; absent for directories. */
  readonly size?: number;
}

/**
 * Files under one root: a local directory, an S3 prefix or a GCS prefix. Paths are relative,
 * `/`-separated and already checked with `checkArtifactPath`.
 */
export interface ArtifactStore {
  /** The root, e.g. `s3://bucket/prefix` or `/var/lib/plinth/artifacts`. */
  readonly root: string;
  /** Writes a file, replacing any previous one. `size` lets cloud stores stream without buffering. */
  put(path: string, body: Readable, size?: number): Promise<void>;
  /** Reads a file; throws ArtifactNotFoundError if there is none. */
  get(path: string): Promise<Readable>;
  /** The direct children of a directory (`''` for the root); empty if it does not exist. */
  list(directory: string): Promise<ArtifactEntry[]>;
  /** Deletes a file or a whole directory; nothing to delete is not an error. */
  delete(path: string): Promise<void>;
}

export class ArtifactNotFoundError extends Error {
  constructor(readonly path: string) {
    super(`Artifact not found: ${path}`);
    this.name = 'ArtifactNotFoundError';
  }
}

/**
 * A write whose path a local file system cannot hold beside what is there: a file where the path
 * needs a directory, or a directory where it needs a file. Object stores have no such conflict.
 */
export class ArtifactPathConflictError extends Error {
  constructor(readonly path: string) {
    super(`Artifact path '${path}' conflicts with an existing file or directory: a file cannot also be a directory`);
    this.name = 'ArtifactPathConflictError';
  }
}

/** `a/b` under `prefix` for object stores, whose keys have no leading slash. */
export function joinKey(prefix: string, path: string): string {
  return [prefix, path].filter((part) => part !== '').join('/');
}

import { accessSync, constants, mkdirSync } from 'node:fs';
import * as path from 'node:path';

/** File-system failures a user can act on, in words. */
const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOTDIR: 'a parent is a file, not a folder',
  EEXIST: 'a file of that name exists',
  ENOSPC: 'no space left on the device',
  ENAMETOOLONG: 'the name is too long',
};

/** A folder a service writes to cannot be created or written; the message says why in a few words. */
export class FolderUnusableError extends Error {
  constructor(
    readonly folder: string,
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(`cannot write to ${folder} (${reason})`, options);
    this.name = 'FolderUnusableError';
  }
}

/**
 * Creates a folder and its parents, readable by this user only (data stays private by default), and
 * checks that it can be written; returns its absolute path. An existing folder keeps its permissions.
 */
export function prepareWritableFolder(folder: string): string {
  const absolute = path.resolve(folder);
  try {
    mkdirSync(absolute, { recursive: true, mode: 0o700 });
    accessSync(absolute, constants.R_OK | constants.W_OK);
  } catch (error) {
    const { code, message } = error as { code?: string; message?: string };
    throw new FolderUnusableError(absolute, (code && REASONS[code]) || String(message), { cause: error });
  }
  return absolute;
}

import { ServiceConfigError } from '../server/errors';

/** Where artifacts live: a bucket (`s3://…`, `gs://…`) or a local folder. */
export type ArtifactLocation = { readonly kind: 's3' | 'gs'; readonly uri: string } | { readonly kind: 'folder'; readonly folder: string };

const VALID = 'expected s3://bucket/prefix, gs://bucket/prefix, file:///folder or a folder';

/**
 * Reads an artifact location: `s3://bucket/prefix`, `gs://bucket/prefix`, `file:///folder` or a
 * folder path. Anything else with a scheme, or a bucket URL without a bucket, is refused.
 */
export function parseArtifactLocation(location: string): ArtifactLocation {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(location)?.[1]?.toLowerCase();
  if (scheme === undefined) return { kind: 'folder', folder: location };
  if (scheme === 'file') return { kind: 'folder', folder: new URL(location).pathname };
  if (scheme !== 's3' && scheme !== 'gs') throw new ServiceConfigError(`artifact location ${scheme}://…: unknown scheme; ${VALID}`);
  let bucket = '';
  try {
    bucket = new URL(location).host;
  } catch {
    // An unparsable URL is reported as a missing bucket below.
  }
  if (bucket === '') throw new ServiceConfigError(`artifact location ${location}: no bucket name; ${VALID}`);
  return { kind: scheme, uri: location };
}

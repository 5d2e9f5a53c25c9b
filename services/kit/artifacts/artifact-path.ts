/**
 * The longest artifact path, in UTF-8 bytes: S3's and GCS's limit on an object key, less room for a
 * store's prefix.
 */
export const MAX_ARTIFACT_PATH_BYTES = 1000;
/** The longest segment, in UTF-8 bytes: what local file systems allow for one name (NAME_MAX). */
export const MAX_ARTIFACT_SEGMENT_BYTES = 255;

/** What checkArtifactPath accepts, for error messages. */
export const ARTIFACT_PATH_RULES = `a relative, '/'-separated path without empty, '.' or '..' segments, backslashes or NUL, of at most ${MAX_ARTIFACT_SEGMENT_BYTES} bytes per segment and ${MAX_ARTIFACT_PATH_BYTES} bytes in all (UTF-8)`;

/**
 * Whether `path` stays inside the artifact root and fits every store: relative, no `..` or `.`
 * segments (also percent-encoded), no backslashes or NUL, within the length limits above. Returns the
 * path without a trailing slash, or undefined.
 */
export function checkArtifactPath(path: string): string | undefined {
  let decoded = path;
  try {
    for (let previous = ''; previous !== decoded; ) {
      previous = decoded;
      decoded = decodeURIComponent(decoded);
    }
  } catch {
    return undefined;
  }
  if (decoded.startsWith('/') || decoded.includes('\\') || decoded.includes('\0')) return undefined;
  const trimmed = path.replace(/\/+$/, '');
  const segments = decoded.replace(/\/+$/, '').split('/');
  if (trimmed === '' || segments.some((segment) => segment === '' || segment === '.' || segment === '..')) return undefined;
  if (Buffer.byteLength(trimmed) > MAX_ARTIFACT_PATH_BYTES || trimmed.split('/').some((segment) => Buffer.byteLength(segment) > MAX_ARTIFACT_SEGMENT_BYTES)) return undefined;
  return trimmed;
}

/**
 * Whether `path` stays inside the artifact root: relative, no `..` or `.` segments (also
 * percent-encoded), no backslashes or NUL. Returns the path without a trailing slash, or undefined.
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
  return trimmed;
}

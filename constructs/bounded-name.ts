import { createHash } from 'node:crypto';

/** Characters of the hash that keeps a shortened name unique: 8 hex digits, 4 billion values. */
const HASH_LENGTH = 8;

/**
 * `full` when a cloud accepts it (at most `limit` characters, and `exact`), else its first characters
 * and a hash of the whole: still readable, still unique, and stable across synths. Cloud names are
 * short (IAM roles 64, Google service accounts 30, GKE node pools 40) while a 20-character platform,
 * a 12-character environment and `plinth-tracking-database-bootstrap` are not.
 * @param exact - false when `full` had to be altered to fit the cloud's alphabet, so two names that
 *   differ only there still get different results
 */
export function boundedName(full: string, limit: number, exact = true): string {
  if (exact && full.length <= limit) return full;
  const hash = createHash('sha256').update(full).digest('hex').slice(0, HASH_LENGTH);
  return `${full.slice(0, limit - HASH_LENGTH - 1).replace(/-+$/, '')}-${hash}`;
}

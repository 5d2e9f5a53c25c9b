import { ServiceError } from '../../kit/server/errors';

/**
 * MLflow's page token: base64 of `{"offset": n}`. Opaque to clients; kept in MLflow's format so that
 * a token from either server means the same.
 */
export function encodePageToken(offset: number): string {
  return Buffer.from(JSON.stringify({ offset })).toString('base64');
}

export function decodePageToken(token: string | undefined): number {
  if (!token) return 0;
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(token)) throw new ServiceError('invalid', 'Invalid page token, could not base64-decode');
  const decoded = Buffer.from(token, 'base64').toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(decoded);
  } catch {
    throw new ServiceError('invalid', `Invalid page token, decoded value=${decoded}`);
  }
  const offset = (parsed as { offset?: unknown } | null)?.offset;
  if (typeof offset !== 'number' || !Number.isSafeInteger(offset) || offset < 0) {
    throw new ServiceError('invalid', `Invalid page token, parsed value=${decoded}`);
  }
  return offset;
}

/** One page of results and the token for the next one, if there are more. */
export interface Page<T> {
  readonly items: T[];
  readonly nextPageToken?: string;
}

/** Rows fetched with `LIMIT maxResults + 1`: the extra row only says that another page exists. */
export function toPage<T>(rows: T[], offset: number, maxResults: number): Page<T> {
  return rows.length > maxResults ? { items: rows.slice(0, maxResults), nextPageToken: encodePageToken(offset + maxResults) } : { items: rows };
}

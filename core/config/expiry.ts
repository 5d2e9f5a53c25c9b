/**
 * How an environment's expiry is written on its resources. The tag holds an absolute UTC time, set
 * once when the environment is made (a relative `ttl` would say nothing about when it started, and
 * a time computed at each synth would change every plan). The basic ISO 8601 form
 * (`20261204T150000Z`) is used because it is also a valid GCP label value once lower-cased: one
 * form on both clouds.
 */

/** Tag of the absolute expiry time. */
export const EXPIRES_AT_TAG = 'plinth:expires-at';
/** Tag naming the environment a preview was derived from: with the expiry, enough to rebuild its record. */
export const PREVIEW_OF_TAG = 'plinth:preview-of';

/** `2026-12-04T15:00:00.000Z` → `20261204T150000Z`. */
export function expiryTagValue(time: Date): string {
  return time.toISOString().replace(/\.\d+Z$/, 'Z').replace(/[-:]/g, '');
}

/** Reads a tag or label value written by `expiryTagValue` (any case); undefined when it is not one. */
export function parseExpiryTag(value: string): Date | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})t(\d{2})(\d{2})(\d{2})z$/i.exec(value);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second] = match;
  const time = new Date(`${year}-${month}-${day}T${hour}:${minute}:${second}Z`);
  return Number.isNaN(time.getTime()) ? undefined : time;
}

/** `72h` or `7d` (the `ttl` syntax) in milliseconds; undefined when it is neither. */
export function durationMs(ttl: string): number | undefined {
  const match = /^([1-9]\d*)([hd])$/.exec(ttl);
  if (!match) return undefined;
  return Number(match[1]) * (match[2] === 'd' ? 24 : 1) * 3_600_000;
}

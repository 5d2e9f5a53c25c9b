import { ServiceError } from '../../kit/server/errors';

/** The one error the protocol codecs throw: a bad request, mapped by the kit to a 400 with its message. */
export function invalid(message: string): ServiceError {
  return new ServiceError('invalid', message);
}

/** A value as a message quotes it: short, and never a stack of nested JSON. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  const text = JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 37)}..."` : text;
}

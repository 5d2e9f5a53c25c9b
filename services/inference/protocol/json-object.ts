import { describeValue, invalid } from './invalid';

/** A JSON object as either parser gives it (JSON.parse's, or Triton's with no prototype). */
export type JsonObject = Readonly<Record<string, unknown>>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether `object` itself has `key` (never a key inherited from Object.prototype). */
export function hasKey(object: JsonObject, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(object, key);
}

/** `object[key]` when the object itself has it. */
export function member(object: JsonObject, key: string): unknown {
  return hasKey(object, key) ? object[key] : undefined;
}

/** The optional object at `object[key]`, or a ServiceError naming `what`. */
export function optionalObject(object: JsonObject, key: string, what: string): JsonObject | undefined {
  const value = member(object, key);
  if (value === undefined) return undefined;
  if (!isJsonObject(value)) throw invalid(`${what}: "${key}" must be an object, found ${describeValue(value)}`);
  return value;
}

/** A name as messages quote it, shortened when long. */
export function quoteName(name: string): string {
  return describeValue(name);
}

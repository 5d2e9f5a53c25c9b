import { describeValue, invalid } from './invalid';
import { hasKey, type JsonObject, member } from './json-object';

/** A value of a request's or response's `parameters`: the protocol allows strings, numbers and booleans. */
export type ParameterValue = string | number | boolean | bigint;

/**
 * A request's `parameters` as Triton takes them: each a string, number or boolean, and no key starting with
 * "triton_" (Triton reserves those).
 */
export function readRequestParameters(parameters: JsonObject | undefined): Record<string, ParameterValue> {
  const result: Record<string, ParameterValue> = Object.create(null);
  if (parameters === undefined) return result;
  for (const [key, value] of Object.entries(parameters)) {
    if (key.startsWith('triton_')) throw invalid(`request parameter ${describeValue(key)}: keys starting with "triton_" are reserved for Triton`);
    if (!['string', 'number', 'boolean', 'bigint'].includes(typeof value)) {
      throw invalid(`request parameter ${describeValue(key)} must be a string, number or boolean, found ${describeValue(value)}`);
    }
    result[key] = value as ParameterValue;
  }
  return result;
}

/** An optional boolean parameter, such as binary_data or binary_data_output. */
export function booleanParameter(parameters: JsonObject | undefined, key: string, what: string): boolean | undefined {
  const value = parameters === undefined ? undefined : member(parameters, key);
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') throw invalid(`${what}: parameter "${key}" must be true or false, found ${describeValue(value)}`);
  return value;
}

/** An optional non-negative integer parameter, such as binary_data_size or classification. */
export function countParameter(parameters: JsonObject | undefined, key: string, what: string, max: number): number | undefined {
  const value = parameters === undefined ? undefined : member(parameters, key);
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) {
    throw invalid(`${what}: parameter "${key}" must be an integer from 0 to ${max}, found ${describeValue(value)}`);
  }
  return value;
}

/** Triton's shared-memory extension: Plinth's server has no shared memory regions to read or write. */
export function refuseSharedMemory(parameters: JsonObject | undefined, what: string): void {
  if (parameters !== undefined && hasKey(parameters, 'shared_memory_region')) {
    throw invalid(`${what}: "shared_memory_region" is not supported (this server has no shared-memory extension); send "data" or binary data instead`);
  }
}

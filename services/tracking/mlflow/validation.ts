import * as path from 'node:path';
import { ServiceError } from '../../kit/server/errors';
import { decodeDouble } from './proto-json';

/** MLflow's limits (mlflow/utils/validation.py). */
export const LIMITS = {
  metricsPerBatch: 1000,
  paramsPerBatch: 100,
  tagsPerBatch: 100,
  entitiesPerBatch: 1000,
  keyLength: 250,
  paramValueLength: 6000,
  runTagValueLength: 8000,
  experimentTagValueLength: 5000,
  registryTagValueLength: 5000,
  experimentNameLength: 500,
  aliasLength: 255,
  datasetNameLength: 500,
  datasetDigestLength: 36,
  datasetSourceLength: 65535,
  datasetSchemaLength: 1048575,
  datasetProfileLength: 16777215,
  inputTagKeyLength: 255,
  inputTagValueLength: 500,
} as const;

// Python's \w is Unicode-aware: letters, digits, marks and the underscore.
const VALID_NAME = /^[/\p{L}\p{N}\p{M}_.\- ]*$/u;
const BAD_CHARACTERS = 'Names may only contain alphanumerics, underscores (_), dashes (-), periods (.), spaces ( ), and slashes (/).';

function invalid(message: string): never {
  throw new ServiceError('invalid', message);
}

/** Python's posixpath.normpath, which MLflow uses to refuse names that resolve to other names. */
function normpath(name: string): string {
  if (name === '') return '.';
  const normalized = path.posix.normalize(name);
  return normalized.length > 1 ? normalized.replace(/\/+$/, '') : normalized;
}

/** A metric, param or tag key: MLflow's characters, and not a path that resolves elsewhere. */
export function validateKey(entity: 'metric' | 'parameter' | 'tag', name: string): void {
  if (!VALID_NAME.test(name)) invalid(`Invalid ${entity} name: '${name}'. ${BAD_CHARACTERS}`);
  const norm = normpath(name);
  if (norm !== name || norm === '.' || norm.startsWith('..') || norm.startsWith('/')) {
    invalid(
      `Invalid ${entity} name: '${name}'. Names may be treated as files in certain cases, and must not resolve to other names when treated as such. This name would resolve to '${norm}'`,
    );
  }
}

export function validateLength(entity: string, limit: number, value: string | undefined): void {
  if (value !== undefined && value.length > limit) {
    invalid(`${entity} '${value.slice(0, 250)}' had length ${value.length}, which exceeded length limit of ${limit}`);
  }
}

/** A metric as a request carries it, before its value is decoded. */
export interface RawMetric {
  readonly key: string;
  readonly value: number | string | null;
  readonly timestamp: number;
  readonly step?: number;
}

export interface Metric {
  readonly key: string;
  readonly value: number;
  readonly timestamp: number;
  readonly step: number;
}

/**
 * Checks a metric and decodes its value (NaN and the infinities are valid doubles). `path` names
 * the metric in messages, e.g. `metrics[3].`.
 */
export function validateMetric(raw: RawMetric, path = ''): Metric {
  // A null value is checked here, not by the schema, which would coerce it to 0.
  if (raw.value === null) invalid(`Missing value for required parameter '${path}value'. See the API docs for more information about request parameters.`);
  validateKey('metric', raw.key);
  const value = decodeDouble(raw.value);
  if (value === undefined) {
    invalid(`Got invalid value ${raw.value} for metric '${raw.key}' (timestamp=${raw.timestamp}). Please specify value as a valid double (64-bit floating point)`);
  }
  if (raw.timestamp < 0) {
    invalid(`Got invalid timestamp ${raw.timestamp} for metric '${raw.key}' (value=${raw.value}). Timestamp must be a nonnegative long (64-bit integer) `);
  }
  validateLength('Metric name', LIMITS.keyLength, raw.key);
  return { key: raw.key, value, timestamp: raw.timestamp, step: raw.step ?? 0 };
}

export function validateParam(key: string, value: string): void {
  validateKey('parameter', key);
  validateLength('Param key', LIMITS.keyLength, key);
  validateLength('Param value', LIMITS.paramValueLength, value);
}

export function validateRunTag(key: string, value: string): void {
  validateKey('tag', key);
  validateLength('Tag key', LIMITS.keyLength, key);
  validateLength('Tag value', LIMITS.runTagValueLength, value);
}

export function validateExperimentTag(key: string, value: string): void {
  validateKey('tag', key);
  validateLength('Tag key', LIMITS.keyLength, key);
  validateLength('Tag value', LIMITS.experimentTagValueLength, value);
}

export function validateRegistryTag(entity: 'Registered model' | 'Model version', key: string, value: string): void {
  validateKey('tag', key);
  validateLength(`${entity} key`, LIMITS.keyLength, key);
  validateLength(`${entity} value`, LIMITS.registryTagValueLength, value);
}

function validateBatchLimit(entity: string, limit: number, length: number): void {
  if (length > limit) {
    invalid(`A batch logging request can contain at most ${limit} ${entity}. Got ${length} ${entity}. Please split up ${entity} across multiple requests and try again.`);
  }
}

export function validateBatchLimits(metrics: number, params: number, tags: number): void {
  validateBatchLimit('metrics', LIMITS.metricsPerBatch, metrics);
  validateBatchLimit('params', LIMITS.paramsPerBatch, params);
  validateBatchLimit('tags', LIMITS.tagsPerBatch, tags);
  validateBatchLimit('metrics, params, and tags', LIMITS.entitiesPerBatch, metrics + params + tags);
}

/** One value per key in a batch: a second value for the same param or tag is refused, not guessed. */
export function validateUniqueKeys(entity: 'parameter' | 'tag', keys: readonly string[]): void {
  const duplicates = [...new Set(keys.filter((key, index) => keys.indexOf(key) !== index))];
  if (duplicates.length > 0) {
    const list = `[${duplicates.map((key) => `'${key}'`).join(', ')}]`;
    invalid(`Duplicate ${entity} keys have been submitted: ${list}. Please ensure the request contains only one ${entity} value per ${entity} key.`);
  }
}

export function validateExperimentName(name: string): void {
  if (name.length > LIMITS.experimentNameLength) invalid(`Experiment name exceeds the maximum length of ${LIMITS.experimentNameLength} characters`);
}

export function validateAliasName(alias: string): void {
  if (!/^[\p{L}\p{N}\p{M}_-]*$/u.test(alias)) invalid(`Invalid alias name: '${alias}'. Names may only contain alphanumerics, underscores (_), and dashes (-).`);
  validateLength('Registered model alias name', LIMITS.aliasLength, alias);
  if (alias.toLowerCase() === 'latest') invalid("'latest' alias name (case insensitive) is reserved.");
  if (/^[vV]\d+$/.test(alias)) invalid(`Version alias name '${alias}' is reserved.`);
}

/** Model versions are integers carried as strings. */
export function parseModelVersion(version: string): number {
  if (!/^\d{1,9}$/.test(version.trim())) invalid(`Model version must be an integer, got '${version}'`);
  return Number(version);
}

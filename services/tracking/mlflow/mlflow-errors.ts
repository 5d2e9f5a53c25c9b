import type { FastifySchemaValidationError } from 'fastify';
import type { SchemaErrorFormatter } from '../../kit/server/api-family';
import type { ErrorMapper } from '../../kit/server/error-mapper';
import type { ErrorKind } from '../../kit/server/errors';

/**
 * MLflow's error codes and HTTP statuses (mlflow/protos/databricks.proto and exceptions.py), with
 * one deliberate choice: nothing a client sends maps to a 5xx, because MLflow's Python client
 * retries 5xx answers and would hang on a request that can never succeed.
 */
const MLFLOW_ERRORS: Record<ErrorKind, { readonly code: string; readonly status: number }> = {
  invalid: { code: 'INVALID_PARAMETER_VALUE', status: 400 },
  // MLflow has no codes of its own for these; its server answers a wrong Content-Type with
  // INVALID_PARAMETER_VALUE. The status is HTTP's, as every other Plinth service answers it.
  'too-large': { code: 'INVALID_PARAMETER_VALUE', status: 413 },
  'unsupported-media-type': { code: 'INVALID_PARAMETER_VALUE', status: 415 },
  'too-many-requests': { code: 'REQUEST_LIMIT_EXCEEDED', status: 429 },
  conflict: { code: 'RESOURCE_ALREADY_EXISTS', status: 400 },
  'not-found': { code: 'RESOURCE_DOES_NOT_EXIST', status: 404 },
  'no-route': { code: 'ENDPOINT_NOT_FOUND', status: 404 },
  unauthenticated: { code: 'UNAUTHENTICATED', status: 401 },
  forbidden: { code: 'PERMISSION_DENIED', status: 403 },
  unavailable: { code: 'TEMPORARILY_UNAVAILABLE', status: 503 },
  internal: { code: 'INTERNAL_ERROR', status: 500 },
};

/** `{"error_code": "RESOURCE_DOES_NOT_EXIST", "message": "Run with id=… not found"}` */
export const mlflowErrorMapper: ErrorMapper = {
  map: (error) => {
    const { code, status } = MLFLOW_ERRORS[error.kind];
    return { statusCode: status, body: { error_code: code, message: error.message } };
  },
};

const API_DOCS_HINT = ' See the API docs for more information about request parameters.';

/** Schema failures in the wording of MLflow's request handlers (`_validate_param_against_schema`). */
export const mlflowSchemaErrorFormatter: SchemaErrorFormatter = (errors) => {
  const error = errors[0] as FastifySchemaValidationError & { data?: unknown };
  const missing = error.keyword === 'required' ? String(error.params.missingProperty) : undefined;
  const parameter = parameterName(error.instancePath, missing);
  if (missing !== undefined || (error.keyword === 'minLength' && typeof error.data === 'string' && error.data === '')) {
    return new Error(`Missing value for required parameter '${parameter}'.${API_DOCS_HINT}`);
  }
  if (parameter === '') return new Error(`Invalid request: the body must be a JSON object.${API_DOCS_HINT}`);
  return new Error(`Invalid value ${quote(error.data)} for parameter '${parameter}' supplied: Hint: Value was of type '${pythonType(error.data)}'.${API_DOCS_HINT}`);
};

/** The offending value, cut short: a message quotes it, it does not echo a whole body back. */
function quote(value: unknown): string {
  const text = typeof value === 'number' && !Number.isFinite(value) ? String(value) : (JSON.stringify(value) ?? String(value));
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/** `/metrics/0` + `key` → `metrics[0].key`, MLflow's notation. */
function parameterName(instancePath: string, property?: string): string {
  const segments = [...instancePath.split('/').filter((segment) => segment !== ''), ...(property === undefined ? [] : [property])];
  return segments.reduce((name, segment) => (/^\d+$/.test(segment) ? `${name}[${segment}]` : name === '' ? segment : `${name}.${segment}`), '');
}

/** The type name MLflow's (Python) handlers print in their hints. */
function pythonType(value: unknown): string {
  if (value === null || value === undefined) return 'NoneType';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  return { string: 'str', boolean: 'bool', object: 'dict' }[typeof value as string] ?? typeof value;
}

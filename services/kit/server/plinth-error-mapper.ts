import type { ErrorMapper } from './error-mapper';
import type { ErrorKind } from './errors';

const STATUS: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  'no-route': 404,
  conflict: 409,
  'too-large': 413,
  'unsupported-media-type': 415,
  'too-many-requests': 429,
  unavailable: 503,
  internal: 500,
};

/** Plinth's own API family (health, metrics, /api/plinth/...): `{"error": {"code": "not-found", "message": "..."}}`. */
export const plinthErrorMapper: ErrorMapper = {
  map: (error) => ({ statusCode: STATUS[error.kind], body: { error: { code: error.kind, message: error.message } } }),
};

/**
 * What went wrong while serving a request, in terms that every API family maps to its own error
 * codes and HTTP statuses (see error-mapper.ts). Handlers throw these; nothing else reaches a client.
 */
export type ErrorKind =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not-found'
  | 'no-route'
  | 'conflict'
  | 'too-large'
  | 'unsupported-media-type'
  | 'too-many-requests'
  | 'unavailable'
  | 'internal';

export class ServiceError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'ServiceError';
  }
}

/** A service's configuration is unusable (bad token list, unknown store URL): refuse to start. */
export class ServiceConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ServiceConfigError';
  }
}

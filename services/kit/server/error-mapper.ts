import type { FastifyError, FastifyInstance } from 'fastify';
import { ServiceError } from './errors';

/** The HTTP status and JSON body one API family answers for an error. */
export interface MappedError {
  readonly statusCode: number;
  readonly body: unknown;
}

/** One API family's error shape: every error of that family goes through its mapper, and only it. */
export interface ErrorMapper {
  map(error: ServiceError): MappedError;
}

/**
 * Errors raised by Fastify itself (schema validation, unparsable or oversized bodies, closing)
 * become ServiceErrors, so that bad input is always a 4xx; anything else is an internal error whose
 * details are logged, never returned.
 */
export function toServiceError(error: unknown): ServiceError {
  if (error instanceof ServiceError) return error;
  const fastifyError = error as Partial<FastifyError>;
  const status = fastifyError.statusCode;
  if (fastifyError.validation) return new ServiceError('invalid', String(fastifyError.message));
  if (status === 413) return new ServiceError('too-large', String(fastifyError.message));
  if (status === 503) return new ServiceError('unavailable', String(fastifyError.message));
  if (status !== undefined && status >= 400 && status < 500) return new ServiceError('invalid', String(fastifyError.message));
  return new ServiceError('internal', 'Internal error: the details are in the service log');
}

/** Routes registered in `scope` (and its children) answer errors and unknown paths through `mapper`. */
export function installErrorMapper(scope: FastifyInstance, mapper: ErrorMapper): void {
  scope.setErrorHandler((error, request, reply) => {
    const serviceError = toServiceError(error);
    if (serviceError.kind === 'internal') request.log.error({ err: error }, 'request failed');
    const { statusCode, body } = mapper.map(serviceError);
    return reply.code(statusCode).send(body);
  });
  scope.setNotFoundHandler((request, reply) => {
    const { statusCode, body } = mapper.map(new ServiceError('no-route', `No endpoint ${request.method} ${request.url.split('?')[0]}`));
    return reply.code(statusCode).send(body);
  });
}

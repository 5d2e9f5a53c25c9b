import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DatabaseUnavailableError } from '../database/database-unavailable-error';
import { type ErrorKind, ServiceError } from './errors';

/** The HTTP status and JSON body one API family answers for an error. */
export interface MappedError {
  readonly statusCode: number;
  readonly body: unknown;
}

/** One API family's error shape: every error of that family goes through its mapper, and only it. */
export interface ErrorMapper {
  map(error: ServiceError): MappedError;
}

/** Client errors Fastify and its plugins raise with their own status, by that status. */
const KIND_OF_STATUS: Partial<Record<number, ErrorKind>> = {
  404: 'not-found',
  413: 'too-large',
  415: 'unsupported-media-type',
  429: 'too-many-requests',
  503: 'unavailable',
};

/**
 * Errors raised by Fastify itself and its plugins (FST_ERR_VALIDATION, FST_ERR_CTP_*, multipart
 * limits, FST_ERR_MAX_PARAM_LENGTH, closing) become ServiceErrors, so that bad input is always a 4xx
 * in the family's shape; anything else is an internal error whose details are logged, never returned.
 */
export function toServiceError(error: unknown, request?: FastifyRequest): ServiceError {
  if (error instanceof ServiceError) return error;
  // The database went away after start-up: the client may retry, and readiness fails meanwhile.
  if (error instanceof DatabaseUnavailableError) return new ServiceError('unavailable', 'The database is unavailable: try again shortly');
  const fastifyError = error as Partial<FastifyError>;
  const status = fastifyError.statusCode;
  if (fastifyError.validation) return new ServiceError('invalid', String(fastifyError.message));
  if (fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE' && request?.routeOptions.bodyLimit !== undefined) {
    return new ServiceError('too-large', `Request body is too large: the limit is ${request.routeOptions.bodyLimit} bytes`);
  }
  if (fastifyError.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return new ServiceError('unsupported-media-type', `Unsupported Media Type '${request?.headers['content-type'] ?? ''}' for ${request?.method ?? ''} ${request?.url.split('?')[0] ?? ''}`);
  }
  if (fastifyError.code === 'FST_ERR_BAD_URL') return new ServiceError('invalid', 'The URL path is not valid percent-encoded UTF-8');
  if (fastifyError.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    const limit = request?.server.initialConfig.routerOptions?.maxParamLength;
    return new ServiceError('invalid', `A segment of the URL path is too long${limit === undefined ? '' : `: at most ${limit} characters`}`);
  }
  const kind = status === undefined ? undefined : (KIND_OF_STATUS[status] ?? (status >= 400 && status < 500 ? 'invalid' : undefined));
  if (kind !== undefined) return new ServiceError(kind, String(fastifyError.message));
  return new ServiceError('internal', 'Internal error: the details are in the service log');
}

function send(reply: FastifyReply, mapper: ErrorMapper, error: ServiceError): FastifyReply {
  const { statusCode, body } = mapper.map(error);
  return reply.code(statusCode).send(body);
}

/** Routes registered in `scope` (and its children) answer errors and unknown paths through `mapper`. */
export function installErrorMapper(scope: FastifyInstance, mapper: ErrorMapper): void {
  scope.setErrorHandler((error, request, reply) => {
    const serviceError = toServiceError(error, request);
    if (serviceError.kind === 'internal' || error instanceof DatabaseUnavailableError) request.log.error({ err: error }, 'request failed');
    return send(reply, mapper, serviceError);
  });
  scope.setNotFoundHandler((request, reply) => send(reply, mapper, new ServiceError('no-route', `No endpoint ${request.method} ${request.url.split('?')[0]}`)));
}

/** The error shape of every URL prefix of one server: the longest matching prefix wins. */
export class ErrorMappersByPrefix {
  private readonly prefixes: { readonly prefix: string; readonly mapper: ErrorMapper }[] = [];

  constructor(private readonly fallback: ErrorMapper) {}

  add(prefix: string, mapper: ErrorMapper): void {
    this.prefixes.push({ prefix, mapper });
    this.prefixes.sort((a, b) => b.prefix.length - a.prefix.length);
  }

  forUrl(url: string): ErrorMapper {
    return this.prefixes.find(({ prefix }) => url === prefix || url.startsWith(`${prefix}/`))?.mapper ?? this.fallback;
  }

  /**
   * Fastify's `frameworkErrors`: errors found before a route is chosen (a bad percent-encoding, a
   * path segment over `maxParamLength`) in the shape of the family the URL belongs to.
   */
  readonly frameworkErrors = (error: FastifyError, request: FastifyRequest, reply: FastifyReply): void => {
    void send(reply, this.forUrl(request.url), toServiceError(error, request));
  };
}

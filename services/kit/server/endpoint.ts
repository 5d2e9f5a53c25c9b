import type { FastifyBaseLogger, FastifyPluginAsync, FastifyReply, FastifyRequest, HTTPMethods, RouteShorthandOptions } from 'fastify';
import { z } from 'zod';
import type { RouteAccess } from './auth';
import type { Principal } from './tokens';

/** What a handler gets besides its validated input. */
export interface EndpointCall<Context> {
  readonly principal: Principal;
  readonly log: FastifyBaseLogger;
  readonly context: Context;
  /** For what the schemas do not cover: headers, a streamed upload. */
  readonly request: FastifyRequest;
  /** For a status other than 200, a header, or a body that is not JSON (return `reply.send(...)` then). */
  readonly reply: FastifyReply;
}

type Schema = z.ZodType | undefined;
type Infer<S extends Schema> = S extends z.ZodType ? z.output<S> : undefined;

/** The validated parts of a request, typed from the endpoint's schemas. */
export interface EndpointInput<Params extends Schema, Query extends Schema, Body extends Schema> {
  readonly params: Infer<Params>;
  readonly query: Infer<Query>;
  readonly body: Infer<Body>;
}

/**
 * One HTTP endpoint of a Plinth service: the one way every service declares a route. Each part of the
 * request has a zod schema (Fastify validates with the JSON schema generated from it, and the
 * handler's input type is inferred from it); the response schema both documents the answer and makes
 * Fastify serialize it, leaving out any field it does not name. Schemas hold no transforms: Fastify
 * validates with the generated JSON schema (filling in defaults), and the handler gets that value.
 */
export interface Endpoint<Context, Params extends Schema = Schema, Query extends Schema = Schema, Body extends Schema = Schema, Response extends Schema = Schema> {
  readonly method: HTTPMethods | readonly HTTPMethods[];
  /** Fastify's syntax: `/models/:model/reference`. */
  readonly url: string;
  /** @default - `read` for GET and HEAD, `write` for every other method */
  readonly access?: RouteAccess;
  /** @default - path parameters are not validated */
  readonly params?: Params;
  /** @default - the query string is not validated */
  readonly query?: Query;
  /** @default - the body is not validated (or is parsed by the handler: CSV, multipart, bytes) */
  readonly body?: Body;
  /**
   * The JSON body of a successful answer (any 2xx status).
   * @default - not declared: serialized with JSON.stringify as returned
   */
  readonly response?: Response;
  /** @default - the service's body limit */
  readonly bodyLimit?: number;
  /** Route hooks the schemas cannot express: admission before the body is read, reshaping a message. */
  readonly hooks?: Pick<RouteShorthandOptions, 'onRequest' | 'preValidation'>;
  handle(input: EndpointInput<Params, Query, Body>, call: EndpointCall<Context>): Promise<Infer<Response> | FastifyReply | object | string>;
}

/**
 * Declares a service's endpoints: `const driftEndpoint = endpointFor<DriftContext>()`, then
 * `driftEndpoint({ method, url, params, ..., handle })`. Curried so that TypeScript infers the handler's
 * input from the schemas while the context is named once.
 */
export function endpointFor<Context>() {
  return <Params extends Schema = undefined, Query extends Schema = undefined, Body extends Schema = undefined, Response extends Schema = undefined>(
    definition: Endpoint<Context, Params, Query, Body, Response>,
  ): Endpoint<Context, Params, Query, Body, Response> => definition;
}

/** An endpoint of any schemas: what a table of different endpoints holds. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyEndpoint<Context> = Endpoint<Context, any, any, any, any>;

const jsonSchemas = new WeakMap<z.ZodType, Map<'input' | 'output', object>>();

/**
 * The JSON schema of a zod schema, one object per schema and direction: Fastify compiles a validator
 * (or serializer) once per object, so a table served under several prefixes compiles each once.
 */
export function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output' = 'input'): object {
  let byDirection = jsonSchemas.get(schema);
  if (!byDirection) jsonSchemas.set(schema, (byDirection = new Map()));
  let generated = byDirection.get(io);
  if (!generated) {
    const { $schema: _, ...rest } = z.toJSONSchema(schema, { io, target: 'draft-7', unrepresentable: 'any' });
    generated = rest;
    byDirection.set(io, generated);
  }
  return generated;
}

/**
 * A Fastify plugin serving a table of endpoints with their shared context. `asServiceError` turns a
 * service's own refusals into the kit's ServiceError (anything it returns unchanged becomes a 500).
 */
export function endpointsPlugin<Context>(endpoints: readonly AnyEndpoint<Context>[], context: Context, asServiceError: (error: unknown) => unknown = (error) => error): FastifyPluginAsync {
  return async (app) => {
    for (const definition of endpoints) {
      const { params, query, body, response, handle } = definition;
      app.route({
        method: definition.method as HTTPMethods | HTTPMethods[],
        url: definition.url,
        ...(definition.bodyLimit === undefined ? {} : { bodyLimit: definition.bodyLimit }),
        ...(definition.access === undefined ? {} : { config: { access: definition.access } }),
        ...definition.hooks,
        schema: {
          ...(params ? { params: jsonSchemaOf(params) } : {}),
          ...(query ? { querystring: jsonSchemaOf(query) } : {}),
          ...(body ? { body: jsonSchemaOf(body) } : {}),
          ...(response ? { response: { '2xx': jsonSchemaOf(response, 'output') } } : {}),
        },
        handler: async (request, reply) => {
          try {
            return await handle(
              { params: request.params, query: request.query, body: request.body } as EndpointInput<Schema, Schema, Schema>,
              { principal: request.principal, log: request.log, context, request, reply },
            );
          } catch (error) {
            throw asServiceError(error);
          }
        },
      });
    }
  };
}

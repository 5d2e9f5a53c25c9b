import type { FastifyBaseLogger, FastifyPluginAsync, HTTPMethods } from 'fastify';
import { z } from 'zod';
import { type AnyEndpoint, endpointFor, endpointsPlugin as kitEndpointsPlugin } from '../../kit/server/endpoint';
import type { Principal } from '../../kit/server/tokens';
import type { TrackingContext } from '../tracking-context';
import { compact } from './proto-json';

/** What a handler gets besides its input. */
export interface Call {
  readonly principal: Principal;
  readonly log: FastifyBaseLogger;
  readonly context: TrackingContext;
}

/**
 * One MLflow RPC: its input message as a zod schema (the JSON schema Fastify validates with is
 * generated from it, and the handler's input type is inferred from it), the role it needs and its
 * handler, which returns the response message (unset fields and empty lists are left out of it).
 */
export interface Operation<Input extends z.ZodObject = z.ZodObject> {
  readonly access: 'read' | 'write';
  readonly input: Input;
  handle(input: z.infer<Input>, call: Call): Promise<object>;
}

/** Helps TypeScript infer the input type of the handler from the schema. */
export function operation<Input extends z.ZodObject>(definition: Operation<Input>): Operation<Input> {
  return definition;
}

/** A string parameter that MLflow requires: absent and empty are both "missing". */
export const required = () => z.string().min(1);

/** The REST API versions MLflow's services declare (`since { major }` in the protos). */
export type ApiVersion = '2.0' | '3.0';

/**
 * `[methods, path, operation, versions]`: one row of the endpoint table. Paths are MLflow's, with
 * path parameters in braces (`/mlflow/logged-models/{model_id}`); they become input fields.
 * `versions` defaults to `['2.0']`: the row is served under `/api/2.0` and `/ajax-api/2.0`.
 */
export type Endpoint = readonly [methods: HTTPMethods | readonly HTTPMethods[], path: string, operation: Operation, versions?: readonly ApiVersion[]];

/** The versions a row is served under. */
export function versionsOf(endpoint: Endpoint): readonly ApiVersion[] {
  return endpoint[3] ?? ['2.0'];
}

/**
 * A Fastify plugin serving some rows of the endpoint table, as the kit's endpoints. GET requests carry
 * their input in the query string (repeated keys for lists), every other method in a JSON body, as in
 * MLflow; path parameters are added to that input and win over a field of the same name.
 */
export function endpointsPlugin(endpoints: readonly Endpoint[], context: TrackingContext): FastifyPluginAsync {
  return kitEndpointsPlugin(
    endpoints.flatMap(([methods, path, operation]) => ([methods].flat() as HTTPMethods[]).map((method) => asKitEndpoint(method, path, operation))),
    context,
  );
}

const trackingEndpoint = endpointFor<TrackingContext>();

/** One MLflow RPC served on one method: its whole message is the query (GET) or the body. */
function asKitEndpoint(method: HTTPMethods, path: string, { access, input, handle }: Operation): AnyEndpoint<TrackingContext> {
  const inQuery = method === 'GET';
  return trackingEndpoint<undefined, z.ZodObject | undefined, z.ZodObject | undefined>({
    method,
    url: path.replace(/\{(\w+)\}/g, ':$1'),
    access,
    ...(inQuery ? { query: input } : { body: input }),
    hooks: {
      // MLflow reads a missing body as an empty message, and path parameters are fields of it.
      preValidation: async (request) => {
        if (!inQuery) request.body ??= {};
        const message = inQuery ? request.query : request.body;
        if (typeof message === 'object' && message !== null && !Array.isArray(message)) Object.assign(message, request.params);
      },
    },
    handle: async ({ query, body }, { principal, log, context }) => compact(await handle((inQuery ? query : body) as z.infer<typeof input>, { principal, log, context })),
  });
}

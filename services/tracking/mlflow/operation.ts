import type { FastifyBaseLogger, FastifyPluginAsync, HTTPMethods } from 'fastify';
import { z } from 'zod';
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

const jsonSchemas = new WeakMap<z.ZodObject, object>();

/**
 * The JSON schema Fastify validates an input with: one object per input, so that the validator
 * compiled for it is reused wherever the row is served (four prefixes) instead of compiled again.
 */
function jsonSchemaOf(input: z.ZodObject): object {
  let schema = jsonSchemas.get(input);
  if (!schema) {
    const { $schema: _, ...generated } = z.toJSONSchema(input, { io: 'input', target: 'draft-7' });
    schema = generated;
    jsonSchemas.set(input, schema);
  }
  return schema;
}

/** The versions a row is served under. */
export function versionsOf(endpoint: Endpoint): readonly ApiVersion[] {
  return endpoint[3] ?? ['2.0'];
}

/**
 * A Fastify plugin serving some rows of the endpoint table. GET requests carry their input in the
 * query string (repeated keys for lists), every other method in a JSON body, as in MLflow; path
 * parameters are added to that input and win over a field of the same name.
 */
export function endpointsPlugin(endpoints: readonly Endpoint[], context: TrackingContext): FastifyPluginAsync {
  return async (app) => {
    for (const [methods, path, { access, input, handle }] of endpoints) {
      const schema = jsonSchemaOf(input);
      const url = path.replace(/\{(\w+)\}/g, ':$1');
      for (const method of [methods].flat() as HTTPMethods[]) {
        app.route({
          method,
          url,
          config: { access },
          schema: method === 'GET' ? { querystring: schema } : { body: schema },
          // MLflow reads a missing body as an empty message.
          preValidation: async (request) => {
            if (method !== 'GET') request.body ??= {};
            const message = method === 'GET' ? request.query : request.body;
            if (typeof message === 'object' && message !== null && !Array.isArray(message)) Object.assign(message, request.params);
          },
          handler: async (request) =>
            compact(await handle((method === 'GET' ? request.query : request.body) as z.infer<typeof input>, { principal: request.principal, log: request.log, context })),
        });
      }
    }
  };
}

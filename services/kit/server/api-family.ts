import type { FastifyInstance, FastifyPluginAsync, FastifyServerOptions } from 'fastify';
import { type ErrorMapper, installErrorMapper } from './error-mapper';

export type SchemaErrorFormatter = NonNullable<FastifyServerOptions['schemaErrorFormatter']>;

/** A group of routes under one prefix that shares one JSON error shape (MLflow's, Plinth's, ...). */
export interface ApiFamily {
  /** URL prefix, e.g. `/api/2.0`. */
  readonly prefix: string;
  readonly errorMapper: ErrorMapper;
  /**
   * Turns schema validation failures into the message this family's clients expect.
   * @default - Fastify's own wording (`body must have required property 'name'`)
   */
  readonly schemaErrorFormatter?: SchemaErrorFormatter;
  /** The family's routes: typically one plugin per resource family. */
  readonly plugins: readonly FastifyPluginAsync[];
}

export function registerApiFamily(app: FastifyInstance, family: ApiFamily): void {
  app.errorMappers.add(family.prefix, family.errorMapper);
  app.register(
    async (scope) => {
      installErrorMapper(scope, family.errorMapper);
      if (family.schemaErrorFormatter) scope.setSchemaErrorFormatter(family.schemaErrorFormatter);
      for (const plugin of family.plugins) await scope.register(plugin);
    },
    { prefix: family.prefix },
  );
}

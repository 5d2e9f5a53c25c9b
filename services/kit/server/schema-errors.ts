import type { SchemaErrorFormatter } from './api-family';

interface AjvError {
  readonly keyword: string;
  readonly instancePath: string;
  readonly message?: string;
  readonly params: Record<string, unknown>;
  readonly parentSchema?: { readonly properties?: Record<string, unknown>; readonly enum?: readonly unknown[] };
}

/**
 * Plinth's wording of a request that fails its schema: each problem with where it is (`body.max_batch_size`), and
 * for an unknown field or value what is allowed, e.g. `body: unknown field "max_batch_sise"; the fields are model,
 * version, holdout, policy, max_batch_size, batch_rows`. Fastify's own says only "must NOT have additional properties".
 */
export const plinthSchemaErrorFormatter: SchemaErrorFormatter = (errors, dataVar) => {
  const problems = (errors as unknown as AjvError[]).map((error) => {
    const where = `${dataVar}${error.instancePath.replace(/\//g, '.')}`;
    if (error.keyword === 'additionalProperties') {
      const known = Object.keys(error.parentSchema?.properties ?? {});
      return `${where}: unknown field "${String(error.params.additionalProperty)}"${known.length > 0 ? `; the fields are ${known.join(', ')}` : ''}`;
    }
    if (error.keyword === 'enum') return `${where}: must be one of ${(error.params.allowedValues as unknown[]).map((value) => JSON.stringify(value)).join(', ')}`;
    return `${where} ${error.message ?? 'is not valid'}`;
  });
  return new Error([...new Set(problems)].join('; '));
};

import { z } from 'zod';
import { platformConfigSchema } from './schema';

/** The JSON Schema of platform.yaml (draft 2020-12), generated from the zod schema. */
export function platformJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(platformConfigSchema, { io: 'input', unrepresentable: 'any' }),
    title: 'Plinth platform config (platform.yaml)',
  };
}

interface JsonSchema {
  readonly type?: string | string[];
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly format?: string;
  readonly description?: string;
  readonly properties?: Record<string, JsonSchema>;
  readonly additionalProperties?: boolean | JsonSchema;
  readonly items?: JsonSchema;
  readonly oneOf?: readonly JsonSchema[];
  readonly anyOf?: readonly JsonSchema[];
  readonly required?: readonly string[];
  readonly minimum?: number;
  readonly maximum?: number;
}

interface FieldRow {
  readonly path: string;
  readonly type: string;
  readonly required: boolean;
  readonly description: string;
}

/**
 * The README's table of config fields, generated from the same schema so the two cannot drift
 * apart (a test compares them). One row per field; union alternatives (AWS or GCP, local or S3
 * backend) merge into one row per field path.
 */
export function configFieldTable(): string {
  const rows = new Map<string, FieldRow>();
  collect(platformJsonSchema() as JsonSchema, '', true, rows);
  const lines = [...rows.values()].map((row) => `| \`${row.path}\` | ${row.type} | ${row.required ? 'yes' : ''} | ${row.description} |`);
  return ['| field | type | required | description |', '| --- | --- | --- | --- |', ...lines].join('\n');
}

function collect(schema: JsonSchema, path: string, required: boolean, rows: Map<string, FieldRow>): void {
  const alternatives = schema.oneOf ?? schema.anyOf;
  if (alternatives) {
    // A field is required only when every alternative requires it (cloud.project is GCP-only).
    const perAlternative = alternatives.map((alternative) => {
      const own = new Map<string, FieldRow>();
      collect(alternative, path, required, own);
      return own;
    });
    for (const own of perAlternative) {
      for (const [fieldPath, row] of own) {
        const everywhere = perAlternative.every((other) => other.get(fieldPath)?.required);
        merge(rows, { ...row, required: everywhere });
      }
    }
    return;
  }
  if (schema.properties) {
    for (const [key, child] of Object.entries(schema.properties)) {
      collect(child, path ? `${path}.${key}` : key, required && (schema.required ?? []).includes(key), rows);
    }
    if (typeof schema.additionalProperties === 'object' && !schema.additionalProperties.properties) {
      collect(schema.additionalProperties, `${path}.<other>`, false, rows);
    }
    return;
  }
  if (typeof schema.additionalProperties === 'object') {
    collect(schema.additionalProperties, `${path}.<name>`, false, rows);
    return;
  }
  merge(rows, { path, type: typeOf(schema), required, description: schema.description ?? '' });
}

function merge(rows: Map<string, FieldRow>, row: FieldRow): void {
  const previous = rows.get(row.path);
  rows.set(
    row.path,
    previous
      ? {
          path: row.path,
          type: previous.type === row.type ? row.type : mergeTypes(previous.type, row.type),
          required: previous.required && row.required,
          description: previous.description || row.description,
        }
      : row,
  );
}

function typeOf(schema: JsonSchema): string {
  if (schema.const !== undefined) return `\`${String(schema.const)}\``;
  if (schema.enum) return schema.enum.map((value) => `\`${String(value)}\``).join(' \\| ');
  if (schema.type === 'array') return `list of ${schema.items ? typeOf(schema.items) : 'values'}`;
  const base = schema.format ?? (Array.isArray(schema.type) ? schema.type.join(' or ') : schema.type ?? 'any');
  return base;
}

function mergeTypes(a: string, b: string): string {
  return [...new Set([...a.split(' \\| '), ...b.split(' \\| ')])].join(' \\| ');
}

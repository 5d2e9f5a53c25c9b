import { PolicyInputError } from '../errors';
import type { Attributes, InlineSuppression, ModuleSource, ProviderConfig, Resource, SourceLocation } from '../model';
import { wholeVariableReference } from '../references';
import { isIsoDate } from '../suppressions';
import { asBlocks, isObject, isUnresolved } from '../values';

/**
 * Terraform configuration in JSON syntax -> resources. One converter for the three configuration
 * sources: hcl2json's output for `.tf` files, `.tf.json` files and cdktf's `cdk.tf.json` (which
 * adds `//` metadata: the construct path and Plinth's inline suppressions).
 */

export interface TerraformDocument {
  readonly file: string;
  readonly body: Attributes;
  /** Declaration line per address, from `locations.ts`. */
  readonly lines: ReadonlyMap<string, number>;
}

const META_ARGUMENTS = new Set(['count', 'for_each', 'depends_on', 'provider', 'lifecycle', 'provisioner', 'connection', '//']);

/** All documents of one module (one directory, or one cdktf stack) as one module source. */
export function moduleFromDocuments(stack: string, file: string, documents: readonly TerraformDocument[]): ModuleSource {
  const scope = readScope(documents);
  const resources: Resource[] = [];
  const providers: ProviderConfig[] = [];
  for (const document of documents) {
    for (const block of asBlocks(document.body.provider)) {
      for (const [name, configs] of Object.entries(block)) {
        for (const config of asBlocks(configs)) {
          const alias = typeof config.alias === 'string' ? config.alias : undefined;
          const location = { file: document.file, line: document.lines.get(`provider.${name}`) };
          providers.push({ key: alias ? `${name}.${alias}` : name, values: substitute(config, scope) as Attributes, location });
        }
      }
    }
    for (const mode of ['resource', 'data'] as const) {
      for (const block of asBlocks(document.body[mode])) {
        for (const [type, named] of Object.entries(block)) {
          for (const [name, bodies] of asBlocks(named).flatMap((group) => Object.entries(group))) {
            const body = asBlocks(bodies)[0];
            if (body) resources.push(toResource(document, mode, type, name, body, scope));
          }
        }
      }
    }
  }
  return { stack, file, resources, providers };
}

function toResource(
  document: TerraformDocument,
  mode: 'resource' | 'data',
  type: string,
  name: string,
  body: Attributes,
  scope: Scope,
): Resource {
  const address = `${mode === 'data' ? 'data.' : ''}${type}.${name}`;
  const values: Record<string, unknown> = {};
  const meta: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (key === 'dynamic') continue;
    (META_ARGUMENTS.has(key) ? meta : values)[key] = substitute(value, scope);
  }
  expandDynamicBlocks(body, values, scope);
  const metadata = isObject(body['//']) ? body['//'] : {};
  const construct = isObject(metadata.metadata) ? metadata.metadata : {};
  return {
    address,
    type,
    name,
    mode: mode === 'data' ? 'data' : 'managed',
    values,
    meta,
    providerKey: providerKey(type, body.provider),
    location: { file: document.file, line: document.lines.get(address) },
    constructPath: typeof construct.path === 'string' ? construct.path : undefined,
    source: sourceLocation(metadata.plinth_source),
    suppressions: inlineSuppressions(document.file, address, metadata.plinth_suppressions),
  };
}

/**
 * `dynamic "x" { content { ... } }` becomes `x` blocks with that content, nested dynamics included.
 * `for_each` is not evaluated: the block is assumed present, as Checkov assumes it.
 */
function expandDynamicBlocks(body: Attributes, into: Record<string, unknown>, scope: Scope): void {
  for (const dynamic of asBlocks(body.dynamic)) {
    for (const [name, generators] of Object.entries(dynamic)) {
      const contents = asBlocks(generators).flatMap((generator) => asBlocks(generator.content));
      const expanded = contents.map((content) => {
        const block: Record<string, unknown> = {};
        for (const [key, value] of Object.entries(content)) if (key !== 'dynamic') block[key] = substitute(value, scope);
        expandDynamicBlocks(content, block, scope);
        return block;
      });
      into[name] = [...asBlocks(into[name]), ...expanded];
    }
  }
}

/** `//.plinth_source` as `recordResourceSources()` writes it: `constructs/aws/bucket.ts:42`. */
function sourceLocation(value: unknown): SourceLocation | undefined {
  const match = typeof value === 'string' ? /^(.+):(\d+)$/.exec(value) : null;
  return match ? { file: match[1]!, line: Number(match[2]) } : undefined;
}

function providerKey(type: string, provider: unknown): string {
  if (typeof provider === 'string') return provider.replace(/^\$\{(.*)\}$/, '$1');
  return type.split('_')[0]!;
}

function inlineSuppressions(file: string, address: string, value: unknown): InlineSuppression[] {
  if (value === undefined) return [];
  const entries = Array.isArray(value) ? value : [value];
  return entries.map((entry, index) => {
    const where = `${address} //.plinth_suppressions[${index}]`;
    if (!isObject(entry) || typeof entry.rule !== 'string') throw new PolicyInputError(file, `${where}: "rule" must be a rule id`);
    if (typeof entry.reason !== 'string' || entry.reason.trim() === '') {
      throw new PolicyInputError(file, `${where}: "reason" is required: say why ${entry.rule} does not apply`);
    }
    if (entry.expires !== undefined && (typeof entry.expires !== 'string' || !isIsoDate(entry.expires))) {
      throw new PolicyInputError(file, `${where}: "expires" must be a date such as "2025-12-31"`);
    }
    return { rule: entry.rule, reason: entry.reason, expires: entry.expires };
  });
}

interface Scope {
  readonly variables: ReadonlyMap<string, unknown>;
  readonly locals: ReadonlyMap<string, unknown>;
}

/**
 * Variable defaults and literal locals, the only evaluation done here: `${var.x}` as a whole value
 * becomes the default of `x`, as Terraform would plan it without a tfvars file.
 */
function readScope(documents: readonly TerraformDocument[]): Scope {
  const variables = new Map<string, unknown>();
  const locals = new Map<string, unknown>();
  for (const document of documents) {
    for (const block of asBlocks(document.body.variable)) {
      for (const [name, declarations] of Object.entries(block)) {
        const declaration = asBlocks(declarations)[0];
        if (declaration && 'default' in declaration) variables.set(name, declaration.default);
      }
    }
  }
  const scope = { variables, locals };
  for (const document of documents) {
    for (const block of asBlocks(document.body.locals)) {
      for (const [name, value] of Object.entries(block)) {
        const resolved = substitute(value, scope);
        if (!containsUnresolved(resolved)) locals.set(name, resolved);
      }
    }
  }
  return scope;
}

function substitute(value: unknown, scope: Scope): unknown {
  if (typeof value === 'string') {
    const ref = wholeVariableReference(value);
    if (!ref) return value;
    const known = ref.kind === 'var' ? scope.variables : scope.locals;
    return known.has(ref.name) && known.get(ref.name) !== null ? known.get(ref.name) : value;
  }
  if (Array.isArray(value)) return value.map((item) => substitute(item, scope));
  if (isObject(value)) {
    const result: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) result[key] = substitute(child, scope);
    return result;
  }
  return value;
}

function containsUnresolved(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(containsUnresolved);
  if (isObject(value)) return Object.values(value).some(containsUnresolved);
  return isUnresolved(value);
}

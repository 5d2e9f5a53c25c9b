import { basename } from 'node:path';
import { PolicyInputError } from '../errors';
import { UNKNOWN, type Attributes, type ModuleSource, type ProviderConfig, type Resource } from '../model';
import { baseAddress, referencesIn, type ExpressionReference } from '../references';
import { isObject } from '../values';

/**
 * `terraform show -json <planfile>`: values from `planned_values`, what `resource_changes` marks as
 * known only after apply (see `withUnknowns`), and references from `configuration` (the planned
 * values no longer say which bucket a versioning resource points at; the configuration does).
 */

export function isPlan(document: unknown): document is Attributes {
  return isObject(document) && 'format_version' in document && isObject(document.planned_values);
}

type Ref = { from: string; target: string; path: string; attribute?: string };

/** What the configuration says, per resource address (module prefix, no instance key). */
interface Configuration {
  readonly providerKeys: Map<string, string>;
  readonly references: Ref[];
  /** Configured argument paths, with the first reference of each expression (if it has one). */
  readonly configured: Map<string, Map<string, string | undefined>>;
}

export function loadPlan(file: string, plan: Attributes): ModuleSource {
  const unknownAfterApply = new Map<string, unknown>();
  for (const change of asList(plan.resource_changes)) {
    const after = isObject(change.change) ? change.change.after_unknown : undefined;
    if (typeof change.address === 'string' && after !== undefined) unknownAfterApply.set(change.address, after);
  }
  const configuration = isObject(plan.configuration) ? plan.configuration : {};
  const providerKeys = new Map<string, string>();
  const references: Ref[] = [];
  const configured = new Map<string, Map<string, string | undefined>>();
  readConfiguration(configuration.root_module, '', { providerKeys, references, configured });

  const resources: Resource[] = [];
  const root = isObject(plan.planned_values) ? plan.planned_values.root_module : undefined;
  if (!isObject(root)) throw new PolicyInputError(file, 'plan has no planned_values.root_module');
  collectPlanned(root, (planned) => {
    const address = String(planned.address);
    const base = baseAddress(address);
    resources.push({
      address,
      type: String(planned.type),
      name: String(planned.name),
      mode: planned.mode === 'data' ? 'data' : 'managed',
      values: withUnknowns(isObject(planned.values) ? planned.values : {}, unknownAfterApply.get(address), configured.get(base), '') as Attributes,
      meta: {},
      providerKey: providerKeys.get(base) ?? String(planned.type).split('_')[0]!,
      location: { file },
      suppressions: [],
    });
  });
  return { stack: basename(file), file, resources, providers: readProviders(configuration.provider_config), references };
}

function collectPlanned(module: Attributes, visit: (resource: Attributes) => void): void {
  for (const resource of asList(module.resources)) visit(resource);
  for (const child of asList(module.child_modules)) collectPlanned(child, visit);
}

/**
 * Planned values without nulls (unset, like an absent HCL argument). A value apply decides is
 * - the configuration's reference (`${aws_kms_key.k.arn}`, as in HCL: set, value unknown) when the
 *   argument refers to something;
 * - UNKNOWN when the argument is configured by an expression without references;
 * - absent when nobody configured it: the provider computes its default, as for an absent argument.
 * Without a configuration section every such value stays UNKNOWN.
 */
function withUnknowns(value: unknown, unknown: unknown, configured: ReadonlyMap<string, string | undefined> | undefined, path: string): unknown {
  if (unknown === true) {
    if (!configured) return UNKNOWN;
    if (!configured.has(path)) return undefined;
    const reference = configured.get(path);
    return reference === undefined ? UNKNOWN : `\${${reference}}`;
  }
  // Most of a plan is known: only the subtrees `after_unknown` marks need their paths spelled out.
  if (typeof unknown !== 'object' || unknown === null) return withoutNulls(value);
  if (Array.isArray(value)) {
    const unknowns = Array.isArray(unknown) ? unknown : [];
    return value.map((item, index) => withUnknowns(item, unknowns[index], configured, path));
  }
  if (isObject(value) || isObject(unknown)) {
    const known = isObject(value) ? value : {};
    const unknowns = isObject(unknown) ? unknown : {};
    const result: Record<string, unknown> = {};
    const at = (key: string): string => (path ? `${path}.${key}` : key);
    for (const key in known) {
      const child = known[key];
      if (child === null && unknowns[key] !== true) continue;
      const merged = withUnknowns(child, unknowns[key], configured, at(key));
      if (merged !== undefined) result[key] = merged;
    }
    for (const key in unknowns) {
      if (unknowns[key] !== true || key in result) continue;
      const merged = withUnknowns(undefined, true, configured, at(key));
      if (merged !== undefined) result[key] = merged;
    }
    return result;
  }
  return value;
}

/** A known value with its null attributes dropped (null in a plan is an unset argument); shared when it has none. */
function withoutNulls(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || !hasNull(value)) return value;
  if (Array.isArray(value)) return value.map(withoutNulls);
  const result: Record<string, unknown> = {};
  for (const key in value) {
    const child = (value as Attributes)[key];
    if (child !== null) result[key] = withoutNulls(child);
  }
  return result;
}

/** Whether an object holds null anywhere inside (an array's own null items are kept, as before). */
function hasNull(value: object): boolean {
  if (Array.isArray(value)) return value.some((item) => typeof item === 'object' && item !== null && hasNull(item));
  for (const key in value) {
    const child = (value as Attributes)[key];
    if (child === null || (typeof child === 'object' && hasNull(child))) return true;
  }
  return false;
}

function readConfiguration(module: unknown, prefix: string, into: Configuration): void {
  if (!isObject(module)) return;
  for (const resource of asList(module.resources)) {
    const address = `${prefix}${String(resource.address)}`;
    if (typeof resource.provider_config_key === 'string') {
      into.providerKeys.set(address, resource.provider_config_key.replace(/^.*:/, ''));
    }
    const paths = new Map<string, string | undefined>();
    into.configured.set(address, paths);
    readExpressions(resource.expressions, '', (path, refs) => {
      if (!paths.has(path) || paths.get(path) === undefined) paths.set(path, refs[0]);
      // Terraform lists `aws_s3_bucket.b.id` and then `aws_s3_bucket.b`: one link per target is enough.
      const targets = new Set<string>();
      for (const ref of refs) {
        const parsed = parseReference(ref);
        if (!parsed || targets.has(parsed.address)) continue;
        targets.add(parsed.address);
        into.references.push({ from: address, target: `${prefix}${parsed.address}`, path, attribute: parsed.attribute });
      }
    });
  }
  if (isObject(module.module_calls)) {
    for (const [name, call] of Object.entries(module.module_calls)) {
      if (isObject(call)) readConfiguration(call.module, `${prefix}module.${name}.`, into);
    }
  }
}

/** Expression trees: a leaf has `references`/`constant_value`; a nested block is a (list of) map(s) of them. */
function readExpressions(node: unknown, path: string, visit: (path: string, references: string[]) => void): void {
  if (Array.isArray(node)) {
    for (const item of node) readExpressions(item, path, visit);
    return;
  }
  if (!isObject(node)) return;
  if (Array.isArray(node.references) || 'constant_value' in node || Object.keys(node).length === 0) {
    visit(path, asStringList(node.references));
    return;
  }
  for (const [key, child] of Object.entries(node)) readExpressions(child, path ? `${path}.${key}` : key, visit);
}

/** A plan reference (`aws_s3_bucket.b.id`) read like the inside of an interpolation. */
function parseReference(ref: string): ExpressionReference | undefined {
  return referencesIn(`\${${ref}}`)[0];
}

/** Provider blocks, with constant expressions turned back into values (for `default_tags`). */
function readProviders(config: unknown): ProviderConfig[] {
  if (!isObject(config)) return [];
  return Object.entries(config).flatMap(([key, provider]) => {
    if (!isObject(provider) || provider.module_address !== undefined) return [];
    return [{ key, values: constants(provider.expressions) as Attributes }];
  });
}

function constants(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(constants);
  if (!isObject(node)) return node;
  if ('constant_value' in node) return node.constant_value;
  if (Array.isArray(node.references)) return UNKNOWN;
  return Object.fromEntries(Object.entries(node).map(([key, child]) => [key, constants(child)]));
}

function asList(value: unknown): Attributes[] {
  return Array.isArray(value) ? value.filter(isObject) : [];
}

function asStringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

import type { Attributes, ModuleSource, ProviderConfig, Reference, Resource } from './model';
import { baseAddress, referencesIn } from './references';
import { isObject } from './values';

/** One Terraform root module as rules see it: resources by address and the references between them. */
export class ResourceGraph {
  readonly stack: string;
  readonly file: string;
  readonly resources: readonly Resource[];
  readonly providers: readonly ProviderConfig[];
  private readonly byAddress = new Map<string, Resource>();
  /** Instances by address without index (`aws_s3_bucket.b` for `aws_s3_bucket.b[0]`). */
  private readonly byBaseAddress = new Map<string, Resource[]>();
  private readonly byType = new Map<string, Resource[]>();
  private readonly outgoing = new Map<Resource, Reference[]>();
  private readonly incoming = new Map<Resource, Reference[]>();

  constructor(source: ModuleSource) {
    this.stack = source.stack;
    this.file = source.file;
    this.resources = source.resources;
    this.providers = source.providers;
    for (const resource of source.resources) {
      this.byAddress.set(resource.address, resource);
      push(this.byBaseAddress, baseAddress(resource.address), resource);
      push(this.byType, resource.type, resource);
    }
    if (source.references) {
      for (const ref of source.references) {
        for (const from of this.instances(ref.from)) {
          for (const target of this.instances(ref.target)) this.link({ from, target, path: ref.path, attribute: ref.attribute });
        }
      }
    } else {
      for (const resource of source.resources) this.readExpressionReferences(resource);
    }
  }

  resource(address: string): Resource | undefined {
    return this.byAddress.get(address) ?? this.byBaseAddress.get(address)?.[0];
  }

  ofType(type: string): readonly Resource[] {
    return this.byType.get(type) ?? [];
  }

  referencesFrom(resource: Resource): readonly Reference[] {
    return this.outgoing.get(resource) ?? [];
  }

  /** What `from` refers to, optionally only through the argument `via` (`bucket`, `vpc_id`). */
  targetsOf(from: Resource, options: { type?: string; via?: string } = {}): Resource[] {
    return unique(this.referencesFrom(from).filter((ref) => matches(ref, ref.target, options)).map((ref) => ref.target));
  }

  /**
   * Resources that refer to `target`: the bucket's versioning, encryption and public access block
   * are separate resources whose `bucket` argument points at it.
   */
  referrers(target: Resource, options: { type?: string | readonly string[]; via?: string } = {}): Resource[] {
    const refs = this.incoming.get(target) ?? [];
    return unique(refs.filter((ref) => matches(ref, ref.from, options)).map((ref) => ref.from));
  }

  provider(resource: Resource): ProviderConfig | undefined {
    return this.providers.find((provider) => provider.key === resource.providerKey);
  }

  private instances(address: string): readonly Resource[] {
    const exact = this.byAddress.get(address);
    return exact ? [exact] : (this.byBaseAddress.get(address) ?? []);
  }

  private link(ref: Reference): void {
    if (ref.from === ref.target) return;
    push(this.outgoing, ref.from, ref);
    push(this.incoming, ref.target, ref);
  }

  private readExpressionReferences(resource: Resource): void {
    const prefix = modulePrefix(resource.address);
    walkStrings(resource.values, '', (value, path) => {
      for (const found of referencesIn(value)) {
        for (const target of this.instances(prefix + found.address)) {
          this.link({ from: resource, target, path, attribute: found.attribute });
        }
      }
    });
  }
}

function matches(ref: Reference, other: Resource, options: { type?: string | readonly string[]; via?: string }): boolean {
  if (options.type !== undefined) {
    const types = typeof options.type === 'string' ? [options.type] : options.type;
    if (!types.includes(other.type)) return false;
  }
  return options.via === undefined || ref.path === options.via || ref.path.startsWith(`${options.via}.`);
}

/** Calls `visit` with every string in a value and its dotted path, list indices dropped. */
export function walkStrings(value: unknown, path: string, visit: (value: string, path: string) => void): void {
  if (typeof value === 'string') visit(value, path);
  else if (Array.isArray(value)) for (const item of value) walkStrings(item, path, visit);
  else if (isObject(value)) {
    for (const [key, child] of Object.entries(value as Attributes)) walkStrings(child, path ? `${path}.${key}` : key, visit);
  }
}

/** `module.a.module.b.` for a resource inside nested modules, empty at the root. */
function modulePrefix(address: string): string {
  const match = /^((?:module\.[^.]+(?:\[[^\]]*\])?\.)*)/.exec(address);
  return match ? match[1]! : '';
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function unique<T>(items: T[]): T[] {
  return items.length < 2 ? items : [...new Set(items)];
}

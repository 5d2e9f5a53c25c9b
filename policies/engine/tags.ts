import type { ResourceGraph } from './graph';
import { UNKNOWN, type Resource } from './model';
import { attr, isObject, isUnresolved } from './values';

/**
 * The tags (AWS) or labels (GCP, Kubernetes) a resource will carry once applied: the provider's
 * `default_tags` / `default_labels` merged under the resource's own, or the plan's `tags_all`, which
 * already holds that merge. `complete` is false when part of it is only known after apply.
 */
export interface EffectiveTags {
  readonly tags: Readonly<Record<string, string>>;
  readonly complete: boolean;
}

const cache = new WeakMap<Resource, EffectiveTags>();

export function effectiveTags(resource: Resource, graph: ResourceGraph): EffectiveTags {
  let tags = cache.get(resource);
  if (!tags) {
    tags = compute(resource, graph);
    cache.set(resource, tags);
  }
  return tags;
}

function compute(resource: Resource, graph: ResourceGraph): EffectiveTags {
  const values = resource.values;
  if (resource.type.startsWith('kubernetes_')) return fromParts([attr(values, 'metadata.labels')]);
  if (isObject(values.tags_all)) return fromParts([values.tags_all]);
  const provider = graph.provider(resource)?.values;
  if (resource.type.startsWith('google_')) return fromParts([attr(provider, 'default_labels'), values.labels]);
  // tags_all UNKNOWN: the plan could not merge, so neither can we with certainty.
  return fromParts([attr(provider, 'default_tags.tags'), values.tags, values.tags_all]);
}

function fromParts(parts: unknown[]): EffectiveTags {
  const tags: Record<string, string> = {};
  let complete = true;
  for (const part of parts) {
    if (part === undefined || part === null) continue;
    if (part === UNKNOWN || isUnresolved(part) || !isObject(part)) {
      complete = false;
      continue;
    }
    for (const [key, value] of Object.entries(part)) {
      if (typeof value === 'string' && !isUnresolved(value)) tags[key] = value;
      else complete = false;
    }
  }
  return { tags, complete };
}

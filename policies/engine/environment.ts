import type { ResourceGraph } from './graph';
import type { Resource } from './model';
import type { Environment } from './rule';
import { effectiveTags } from './tags';

/**
 * Which environment a resource belongs to. A caller that knows (synth of a given environment) says
 * so; otherwise the `environment` tag Plinth puts on every resource decides.
 */
export interface EnvironmentHint {
  readonly name?: string;
  readonly production?: boolean;
  readonly shortLived?: boolean;
}

const PRODUCTION_NAMES = new Set(['prod', 'production', 'prd']);
/** Names Plinth and CI give to pull-request environments. */
const SHORT_LIVED_NAME = /^(pr|preview|review|ephemeral)(-|\d|$)/;

export function environmentOf(resource: Resource, graph: ResourceGraph, hint: EnvironmentHint = {}): Environment {
  const tags = effectiveTags(resource, graph).tags;
  const name = hint.name ?? tags.environment ?? tags.env;
  return {
    name,
    production: hint.production ?? (tags['plinth:production'] === 'true' || (name !== undefined && PRODUCTION_NAMES.has(name.toLowerCase()))),
    shortLived: hint.shortLived ?? (name !== undefined && SHORT_LIVED_NAME.test(name.toLowerCase())),
  };
}

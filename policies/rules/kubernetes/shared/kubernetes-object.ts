import type { ResourceGraph } from '../../../engine/graph';
import type { Attributes, Resource } from '../../../engine/model';
import { notApplicable, resourceRule, unknown, type ResourceRule, type RuleContext, type Verdict } from '../../../engine/rule';
import { asBlocks, attr, isObject } from '../../../engine/values';

/**
 * The one adapter between Kubernetes rules and the two ways Terraform declares a Kubernetes object:
 * the kubernetes provider's typed resources (`kubernetes_deployment_v1`: snake_case, repeated
 * blocks named in the singular, `spec.template.spec.container[0].security_context`) and
 * `kubernetes_manifest` (the object's own JSON under `manifest`: camelCase, plural lists,
 * `manifest.spec.template.spec.containers[0].securityContext`), which is how Plinth emits every
 * object. Rules name fields the typed way; {@link Fields} reads either shape and spells paths in
 * messages the way the resource does.
 */

/**
 * The typed resources of the kubernetes provider for each kind the rules read: none for ReplicaSet,
 * nor for the custom kinds (Argo Rollouts' Rollout, KEDA's ScaledObject), which only `kubernetes_manifest` declares.
 */
const TYPED_RESOURCES: Readonly<Record<string, readonly string[]>> = {
  Pod: ['kubernetes_pod', 'kubernetes_pod_v1'],
  Deployment: ['kubernetes_deployment', 'kubernetes_deployment_v1'],
  DaemonSet: ['kubernetes_daemonset', 'kubernetes_daemon_set_v1'],
  StatefulSet: ['kubernetes_stateful_set', 'kubernetes_stateful_set_v1'],
  Job: ['kubernetes_job', 'kubernetes_job_v1'],
  CronJob: ['kubernetes_cron_job', 'kubernetes_cron_job_v1'],
  ReplicationController: ['kubernetes_replication_controller', 'kubernetes_replication_controller_v1'],
  ReplicaSet: [],
  Rollout: [],
  ScaledObject: [],
  Namespace: ['kubernetes_namespace', 'kubernetes_namespace_v1'],
  NetworkPolicy: ['kubernetes_network_policy', 'kubernetes_network_policy_v1'],
  ServiceAccount: ['kubernetes_service_account', 'kubernetes_service_account_v1', 'kubernetes_default_service_account', 'kubernetes_default_service_account_v1'],
  PodDisruptionBudget: ['kubernetes_pod_disruption_budget', 'kubernetes_pod_disruption_budget_v1'],
  HorizontalPodAutoscaler: [
    'kubernetes_horizontal_pod_autoscaler',
    'kubernetes_horizontal_pod_autoscaler_v1',
    'kubernetes_horizontal_pod_autoscaler_v2',
    'kubernetes_horizontal_pod_autoscaler_v2beta2',
  ],
};

export const MANIFEST = 'kubernetes_manifest';

/** Typed resource types of these kinds. */
export function typedResources(kinds: readonly string[]): string[] {
  return kinds.flatMap((kind) => TYPED_RESOURCES[kind] ?? []);
}

/** Typed blocks whose manifest name is not the camelCase of the block name. */
const PLURAL: Readonly<Record<string, string>> = { container: 'containers', init_container: 'initContainers' };

/** Spellings already worked out: rules ask for the same few paths on every object. */
const manifestSpellings = new Map<string, string>();

/** A typed path (`spec.template.spec.container[0].security_context`) in a manifest's spelling. */
function manifestSpelling(path: string): string {
  let spelled = manifestSpellings.get(path);
  if (spelled === undefined) {
    spelled = path.replace(/(^|\.)([a-z][a-z0-9_]*)/g, (_, dot: string, word: string) => dot + (PLURAL[word] ?? word.replace(/_([a-z0-9])/g, (__, letter: string) => letter.toUpperCase())));
    if (manifestSpellings.size > 10_000) manifestSpellings.clear();
    manifestSpellings.set(path, spelled);
  }
  return spelled;
}

/** Part of a Kubernetes object (the object, a pod spec, a container), read with typed names. */
export class Fields {
  private base: string | undefined;

  constructor(
    /** The values as the resource holds them. */
    readonly values: Attributes | undefined,
    /**
     * Where these values are in the resource, in its own spelling (`manifest.spec.template.spec`),
     * or how to work it out: only a finding's message needs it, so most are never spelled out.
     */
    location: string | (() => string),
    private readonly manifest: boolean,
  ) {
    if (typeof location === 'string') this.base = location;
    else this.locate = location;
  }

  private locate: (() => string) | undefined;

  /** The value at a typed dotted path (`security_context.run_as_non_root`), whichever shape the resource uses. */
  get(path: string): unknown {
    return attr(this.values, this.spell(path));
  }

  /** The first block at a path, as fields of their own; undefined when there is none. */
  first(path: string): Fields | undefined {
    const block = asBlocks(this.get(path))[0];
    return block ? new Fields(block, () => this.at(path), this.manifest) : undefined;
  }

  /** Every block of a list (`container`, `env`), each with its index in messages. */
  list(path: string): Fields[] {
    return asBlocks(this.get(path)).map((block, index) => new Fields(block, () => `${this.at(path)}[${index}]`, this.manifest));
  }

  /** The path as the resource spells it, for messages: `spec.container[0].security_context` or `manifest.spec.containers[0].securityContext`. */
  at(path?: string): string {
    if (this.base === undefined) {
      this.base = this.locate!();
      this.locate = undefined;
    }
    if (!path) return this.base;
    return this.base ? `${this.base}.${this.spell(path)}` : this.spell(path);
  }

  private spell(path: string): string {
    return this.manifest ? manifestSpelling(path) : path;
  }
}

export interface KubernetesObject {
  /** `Deployment`; undefined when a manifest's content is an expression known only at apply. */
  readonly kind: string | undefined;
  readonly resource: Resource;
  /** The object from its root: `get('metadata.namespace')`. */
  readonly fields: Fields;
}

/** The kind of each typed resource type. */
const KIND_OF_TYPE: ReadonlyMap<string, string> = new Map(Object.entries(TYPED_RESOURCES).flatMap(([kind, types]) => types.map((type) => [type, kind] as const)));

/** Objects already read: a workload meets a dozen rules, each asking for its object. */
const objectsByResource = new WeakMap<Resource, KubernetesObject | null>();

/** The Kubernetes object a typed resource or a manifest declares; undefined for other resources. */
export function kubernetesObject(resource: Resource): KubernetesObject | undefined {
  let object = objectsByResource.get(resource);
  if (object === undefined) {
    const kind = resource.type === MANIFEST ? manifestKind(resource) : KIND_OF_TYPE.get(resource.type);
    object = resource.type !== MANIFEST && kind === undefined ? null : { kind, resource, fields: objectFields(resource) };
    objectsByResource.set(resource, object);
  }
  return object ?? undefined;
}

/** Every object of a kind in the graph, typed or manifest; kept per graph, as rules ask once per workload. */
export function objectsOfKind(graph: ResourceGraph, kind: string): readonly KubernetesObject[] {
  let byKind = objectsByGraph.get(graph);
  if (!byKind) objectsByGraph.set(graph, (byKind = new Map()));
  let objects = byKind.get(kind);
  if (!objects) {
    objects = [...typedResources([kind]), MANIFEST]
      .flatMap((type) => graph.ofType(type))
      .map(kubernetesObject)
      .filter((object): object is KubernetesObject => object?.kind === kind);
    byKind.set(kind, objects);
  }
  return objects;
}

const objectsByGraph = new WeakMap<ResourceGraph, Map<string, KubernetesObject[]>>();

/** The namespace an object lives in: `default` when unset, as the API server decides. */
export function namespaceOf(object: KubernetesObject): unknown {
  const namespace = object.fields.get('metadata.namespace');
  return namespace === undefined || namespace === '' ? 'default' : namespace;
}

/** A manifest's kind; undefined when its content is an expression known only at apply. */
export function manifestKind(manifest: Resource): string | undefined {
  const object = manifest.values.manifest;
  return isObject(object) && typeof object.kind === 'string' ? object.kind : undefined;
}

/** The fields of any Kubernetes resource from the object's root, in the resource's own shape. */
export function objectFields(resource: Resource): Fields {
  if (resource.type !== MANIFEST) return new Fields(resource.values, '', false);
  const object = resource.values.manifest;
  return new Fields(isObject(object) ? object : undefined, 'manifest', true);
}

interface KubernetesRuleInfo extends Omit<ResourceRule, 'scope' | 'resourceTypes' | 'check'> {
  /** The kinds the rule is about, as typed resources and as manifests. */
  readonly kinds: readonly string[];
  check(object: KubernetesObject, context: RuleContext): Verdict;
}

/** A rule about Kubernetes objects of some kinds, typed or `kubernetes_manifest`, written once. */
export function kubernetesRule(rule: KubernetesRuleInfo): ResourceRule {
  const { kinds, check, ...info } = rule;
  return resourceRule({
    ...info,
    resourceTypes: [...typedResources(kinds), MANIFEST],
    check(resource, context) {
      const object = kubernetesObject(resource);
      if (!object) return notApplicable;
      if (object.kind === undefined) return unknown('manifest', 'is an expression known only at apply, so its kind is unknown');
      return kinds.includes(object.kind) && !podsDeclaredElsewhere(object) ? check(object, context) : notApplicable;
    },
  });
}

/**
 * A Rollout may take its pod template from a Deployment (`spec.workloadRef`) instead of declaring one;
 * the rules then read that Deployment, and the Rollout has no pods of its own to check.
 */
function podsDeclaredElsewhere(object: KubernetesObject): boolean {
  return object.kind === 'Rollout' && object.fields.get('spec.template') === undefined && object.fields.get('spec.workload_ref') !== undefined;
}

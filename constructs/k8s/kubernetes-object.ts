import { Manifest, type ManifestConfig } from '@cdktf/provider-kubernetes/lib/manifest';
import { Construct } from 'constructs';
import { attributeResourcesToCaller } from '../../policies/engine/source';

// A policy finding on a manifest points at the line that built the object (plinth-service.ts, …), not here.
attributeResourcesToCaller();

/**
 * What KubernetesObject accepts: a `kubernetes-models` instance (`new Deployment({...})` from
 * `kubernetes-models/apps/v1/Deployment`), whose `validate()` checks it against the upstream OpenAPI schema.
 */
export interface KubernetesModel {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata?: { readonly name?: string; readonly namespace?: string };
  validate(): void;
  toJSON(): unknown;
}

/** How Terraform applies the object: ordering and waiting. */
export type KubernetesObjectOptions = Pick<ManifestConfig, 'dependsOn' | 'wait' | 'timeouts'>;

/** One error of the schema validator (ajv's ErrorObject, the fields we print). */
interface SchemaError {
  readonly instancePath: string;
  readonly message?: string;
}

/**
 * The one way Plinth emits a Kubernetes object: validated against the Kubernetes schema when the
 * construct is built (a mistake fails `cdktf synth`, not `terraform apply` against a cluster), then
 * emitted as the kubernetes provider's `kubernetes_manifest` with the object's JSON.
 */
export class KubernetesObject extends Construct {
  readonly resource: Manifest;
  /** The object as emitted (plain JSON; cdktf tokens still unresolved). */
  readonly manifest: Record<string, unknown>;

  constructor(scope: Construct, id: string, object: KubernetesModel, options: KubernetesObjectOptions = {}) {
    super(scope, id);
    const what = `${object.kind} "${object.metadata?.name ?? '(no name)'}"`;
    if (!object.metadata?.name) throw new Error(`KubernetesObject ${this.node.path}: ${what} has no metadata.name; every object Plinth emits is named`);
    validateOrExplain(object, `KubernetesObject ${this.node.path}: ${what}`);
    this.manifest = JSON.parse(JSON.stringify(object)) as Record<string, unknown>;
    this.resource = new Manifest(this, 'Resource', { manifest: this.manifest, ...options });
  }
}

/**
 * Runs a model's schema validation; a failure becomes an error that starts with `where` and lists
 * every failing schema path (`spec.template.spec.containers[0].image must be string`).
 */
export function validateOrExplain(object: KubernetesModel, where: string): void {
  try {
    object.validate();
  } catch (error) {
    const errors = (error as { errors?: readonly SchemaError[] }).errors;
    if (!errors) throw error;
    const problems = errors.map((e) => `${dottedPath(e.instancePath)} ${e.message ?? 'is invalid'}`);
    throw new Error(`${where} does not match the Kubernetes schema:\n  ${problems.join('\n  ')}`);
  }
}

/** `/spec/containers/0/name` -> `spec.containers[0].name`; the root is `(object)`. */
function dottedPath(instancePath: string): string {
  if (instancePath === '') return '(object)';
  return instancePath
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path ? `${path}.${part}` : part), '');
}

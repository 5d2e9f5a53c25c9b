import { formats } from '@kubernetes-models/validate';
import Ajv, { type ValidateFunction } from 'ajv';
import type { KubernetesModel } from '../kubernetes-object';

/** One validator for every custom resource schema: the formats kubernetes-models checks (int32, quantity, …). */
const ajv = new Ajv({ allErrors: true, strict: false });
for (const [name, format] of Object.entries(formats)) ajv.addFormat(name, format);
const compiled = new WeakMap<object, ValidateFunction>();

function validatorOf(schema: object): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
}

/** What a custom resource kind declares: its group version, kind and the CRD's `openAPIV3Schema`. */
export interface CustomResourceKind {
  readonly apiVersion: string;
  readonly kind: string;
  /** The CRD's schema (crds/*.schema.json, copied from the upstream CRD of the pinned chart's version). */
  readonly schema: object;
}

/**
 * A custom resource as a `KubernetesModel` (what KubernetesObject and validateOrExplain take), checked
 * against its CRD's own schema: the typed builders (Rollout, AnalysisTemplate, ScaledObject) use it where
 * no kubernetes-models package fits (`@kubernetes-models/argo-rollouts` 2.x needs Node 22).
 * Errors carry ajv's `errors`, so validateOrExplain lists every failing path.
 */
export class CustomResource<TSpec extends object> implements KubernetesModel {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly labels?: Readonly<Record<string, string>>;
  };
  readonly spec: TSpec;
  readonly #schema: object;

  constructor(
    kind: CustomResourceKind,
    data: {
      readonly metadata: CustomResource<TSpec>['metadata'];
      readonly spec: TSpec;
    }
  ) {
    this.apiVersion = kind.apiVersion;
    this.kind = kind.kind;
    this.metadata = data.metadata;
    this.spec = data.spec;
    this.#schema = kind.schema;
  }

  validate(): void {
    const validate = validatorOf(this.#schema);
    if (!validate(this.toJSON())) {
      throw Object.assign(new Error(`${this.kind} "${this.metadata.name}" does not match its CRD schema`), { errors: validate.errors ?? [] });
    }
  }

  toJSON(): {
    apiVersion: string;
    kind: string;
    metadata: CustomResource<TSpec>['metadata'];
    spec: TSpec;
  } {
    return JSON.parse(
      JSON.stringify({
        apiVersion: this.apiVersion,
        kind: this.kind,
        metadata: this.metadata,
        spec: this.spec,
      })
    ) as ReturnType<CustomResource<TSpec>['toJSON']>;
  }
}

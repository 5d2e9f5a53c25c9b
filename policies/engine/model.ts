/**
 * The resource graph every loader produces and every rule reads: one graph per Terraform root module
 * (a cdktf stack, a directory of `.tf` files, a plan). Values keep the shape Terraform gives them;
 * `values.ts` hides the differences between HCL, JSON and plan shapes from the rules.
 */

/** A value Terraform will only know after apply (plan `after_unknown`). */
export const UNKNOWN: unique symbol = Symbol.for('plinth.policy.unknown-after-apply');

export type Attributes = Readonly<Record<string, unknown>>;

/** Where a resource was declared: the file a finding points at, and the line when it is known. */
export interface SourceLocation {
  readonly file: string;
  readonly line?: number;
}

/** A suppression written into the resource itself (`//.plinth_suppressions` in cdk.tf.json). */
export interface InlineSuppression {
  readonly rule: string;
  readonly reason: string;
  /** ISO date (YYYY-MM-DD) after which the suppression no longer applies. */
  readonly expires?: string;
}

export interface Resource {
  /** Terraform address: `aws_s3_bucket.b`, `data.aws_iam_policy_document.p`, `module.m.aws_s3_bucket.b[0]`. */
  readonly address: string;
  readonly type: string;
  readonly name: string;
  readonly mode: 'managed' | 'data';
  /** Arguments and attributes, without meta-arguments. */
  readonly values: Attributes;
  /** Meta-arguments (`lifecycle`, `count`, `for_each`, `depends_on`) where the source has them. */
  readonly meta: Attributes;
  /** Provider configuration key: `aws`, or `aws.west` for an aliased provider. */
  readonly providerKey: string;
  readonly location: SourceLocation;
  /** cdktf construct path (`//.metadata.path`), the way back to the code that made the resource. */
  readonly constructPath?: string;
  /** The TypeScript line that built the resource, when the app recorded it (`recordResourceSources`). */
  readonly source?: SourceLocation;
  readonly suppressions: readonly InlineSuppression[];
}

/** A provider configuration block (for `default_tags`). */
export interface ProviderConfig {
  /** `aws` or `aws.<alias>`. */
  readonly key: string;
  readonly values: Attributes;
  /** Where the block is declared, for findings about the provider itself (`provider.aws`). */
  readonly location?: SourceLocation;
}

/** `from` refers to `target` through the argument at `path` (dotted, list indices dropped). */
export interface Reference {
  readonly from: Resource;
  readonly target: Resource;
  readonly path: string;
  /** The attribute read from the target (`id`, `arn`), when the reference names one. */
  readonly attribute?: string;
}

/** What a loader hands to the graph: resources plus, for plans, references it read from `configuration`. */
export interface ModuleSource {
  /** Stack name (cdktf), directory or file name (HCL), or plan file name. */
  readonly stack: string;
  readonly file: string;
  readonly resources: readonly Resource[];
  readonly providers: readonly ProviderConfig[];
  /** Explicit references (plans). When absent, references are read from `${...}` expressions in values. */
  readonly references?: ReadonlyArray<{ readonly from: string; readonly target: string; readonly path: string; readonly attribute?: string }>;
}

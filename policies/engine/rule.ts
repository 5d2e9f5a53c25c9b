import type { ResourceGraph } from './graph';
import type { Resource } from './model';

/** Most severe first: the order of reports and of `--fail-on`. */
export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Whether `severity` is `threshold` or more severe. */
export function atLeast(severity: Severity, threshold: Severity): boolean {
  return SEVERITIES.indexOf(severity) <= SEVERITIES.indexOf(threshold);
}

export type Verdict =
  | { readonly status: 'pass' }
  | { readonly status: 'fail'; readonly message: string }
  | { readonly status: 'not_applicable' }
  | { readonly status: 'unknown'; readonly message: string };

export const pass: Verdict = { status: 'pass' };
export const notApplicable: Verdict = { status: 'not_applicable' };

/** A failure; the message starts with the attribute to change, so a reader knows where to look. */
export function fail(attribute: string, problem: string): Verdict {
  return { status: 'fail', message: `${attribute} ${problem}` };
}

/** Undecidable before apply or without evaluating an expression: neither pass nor fail. */
export function unknown(attribute: string, why: string): Verdict {
  return { status: 'unknown', message: `${attribute} ${why}` };
}

/** The environment a resource belongs to, as far as the rules need to know. */
export interface Environment {
  /** The `environment` tag, or the name given by the caller. */
  readonly name?: string;
  readonly production: boolean;
  /** A short-lived environment (a pull request's preview), which must carry a time to live. */
  readonly shortLived: boolean;
}

export interface RuleContext {
  readonly graph: ResourceGraph;
  /**
   * Every graph of the same check (`plinth policy check cdktf.out` reads all stacks): a rule about a
   * whole environment (its idle cost against its budget) finds the environment's other stacks here.
   * @default - the graph alone (synth-time checks see one stack)
   */
  readonly graphs?: readonly ResourceGraph[];
  environment(resource: Resource): Environment;
}

interface RuleInfo {
  /** `PLN-<AREA>-<NNN>`. */
  readonly id: string;
  /** One line, phrased as what good looks like. */
  readonly title: string;
  readonly severity: Severity;
  /** Why it matters: the risk or the cost when the rule is broken. */
  readonly rationale: string;
  /** How to fix it, in Terraform/cdktf terms. */
  readonly remediation: string;
  /** Checkov's equivalent check, when there is one; conformance tests hold the rule to its verdicts. */
  readonly checkov?: string;
  /**
   * A finding no suppression can hide: `always`, or only for resources of a production environment.
   * @default - suppressible with a reason
   */
  readonly unsuppressible?: 'always' | 'production';
}

/** A rule about one resource at a time (which may look at the resources connected to it). */
export interface ResourceRule extends RuleInfo {
  readonly scope: 'resource';
  readonly resourceTypes: readonly string[];
  check(resource: Resource, context: RuleContext): Verdict;
}

/** A rule about a whole module: something that must exist once (a budget per environment). */
export interface ModuleRule extends RuleInfo {
  readonly scope: 'module';
  /** Resource types the rule is about, for the catalogue. */
  readonly resourceTypes: readonly string[];
  /** Verdicts by address; the address may be a provider (`provider.aws`) when nothing else fits. */
  check(context: RuleContext): ReadonlyArray<{ readonly address: string; readonly verdict: Verdict }>;
}

export type Rule = ResourceRule | ModuleRule;

/** Declares a resource rule; `scope` is implied. */
export function resourceRule(rule: Omit<ResourceRule, 'scope'>): ResourceRule {
  return { scope: 'resource', ...rule };
}

export function moduleRule(rule: Omit<ModuleRule, 'scope'>): ModuleRule {
  return { scope: 'module', ...rule };
}

/** A pack: a named list of rules (cdk-nag's shape). */
export interface Pack {
  readonly name: string;
  readonly description: string;
  readonly rules: readonly Rule[];
}

import type { TerraformStack } from 'cdktf';
import type { EnvironmentHint } from './engine/environment';
import { blocking, evaluate, type Report } from './engine/evaluate';
import { ResourceGraph } from './engine/graph';
import { stackSource } from './engine/loaders/cdktf';
import type { Attributes } from './engine/model';
import type { Rule, Severity } from './engine/rule';
import type { FileSuppression } from './engine/suppressions';
import { ALL_RULES } from './rules';

/**
 * Synth-time enforcement: the same engine, on a stack's configuration before it is written out.
 * Stacks call `enforcePolicies(stack, ...)` for production environments, and `cdktf synth` fails with
 * the findings listed.
 */
export interface SynthPolicyOptions {
  /** What the stack's environment is; rules such as PLN-ML-003 depend on it. @default - read from tags */
  readonly environment?: EnvironmentHint;
  /** @default every rule */
  readonly rules?: readonly Rule[];
  /** Findings at or above this severity fail the synth. @default 'high' */
  readonly failOn?: Severity;
  readonly suppressions?: readonly FileSuppression[];
  /** @default new Date() */
  readonly now?: Date;
}

/** Evaluates one stack's configuration as `TerraformStack.toTerraform()` returns it (or a parsed cdk.tf.json). */
export function evaluateSynthesizedStack(stackJson: Attributes, options: SynthPolicyOptions & { readonly stack?: string; readonly file?: string } = {}): Report {
  const stack = options.stack ?? 'stack';
  const graph = new ResourceGraph(stackSource(stack, options.file ?? `stacks/${stack}/cdk.tf.json`, stackJson));
  return evaluate([graph], options.rules ?? ALL_RULES, { environment: options.environment, suppressions: options.suppressions, now: options.now });
}

/** Fails synthesis of `stack` (a cdktf validation) while findings at or above `failOn` remain. */
export function enforcePolicies(stack: TerraformStack, options: SynthPolicyOptions = {}): void {
  const threshold = options.failOn ?? 'high';
  stack.node.addValidation({
    validate: () => {
      const report = evaluateSynthesizedStack(stack.toTerraform() as Attributes, { ...options, stack: stack.node.id });
      return blocking(report, threshold).map(
        (finding) => `${finding.severity} ${finding.ruleId} ${finding.resource}${finding.constructPath ? ` (${finding.constructPath})` : ''}: ${finding.message}`,
      );
    },
  });
}

import { sum, ZERO, type CostReport, type Money } from './model';

/** One stack's idle cost before (the base branch) and after (this change). */
export interface StackChange {
  readonly environment: string;
  readonly stack: string;
  /** Absent for a stack the change adds. */
  readonly before?: Money;
  /** Absent for a stack the change removes. */
  readonly after?: Money;
  readonly change: Money;
}

/** Every stack of either report, in the order of `after` then the removed ones. */
export function compareReports(before: CostReport, after: CostReport): StackChange[] {
  const stacksOf = (report: CostReport) =>
    new Map(report.environments.flatMap((env) => env.stacks.map((stack) => [stack.name, { environment: env.name, monthly: stack.monthlyUsd }] as const)));
  const old = stacksOf(before);
  const current = stacksOf(after);
  const changes: StackChange[] = [];
  for (const [stack, now] of current) {
    const then = old.get(stack)?.monthly;
    changes.push({ environment: now.environment, stack, before: then, after: now.monthly, change: difference(now.monthly, then ?? ZERO) });
  }
  for (const [stack, then] of old) {
    if (!current.has(stack)) changes.push({ environment: then.environment, stack, before: then.monthly, change: difference(ZERO, then.monthly) });
  }
  return changes;
}

/** After minus before, end by end: a range's low end against the other's low end. */
function difference(after: Money, before: Money): Money {
  return sum([after, { low: -before.low, high: -before.high }]);
}

import type { CostItem, CostReport, EnvironmentCost } from '../model';

/** How every format introduces an estimate: what it is based on and what it leaves out. */
export function basisLine(report: CostReport): string {
  const spot = `${Math.round(report.spotShare.low * 100)}–${Math.round(report.spotShare.high * 100)}%`;
  return `Idle monthly cost from on-demand list prices (price table ${report.priceTable}, ${report.hoursPerMonth} hours a month; spot capacity as ${spot} of on-demand). Usage (traffic, requests, storage growth) is not estimated.`;
}

/** `dev (acme-ml-dev, AWS eu-west-1)`. */
export function environmentTitle(env: EnvironmentCost): string {
  const where = [env.cloud?.toUpperCase(), env.region].filter(Boolean).join(' ');
  return `${env.name} (${[env.id, where].filter(Boolean).join(', ')})`;
}

/** An environment's items, stack by stack, the biggest first within a stack. */
export function orderedItems(env: EnvironmentCost): Array<CostItem & { readonly stack: string }> {
  return env.stacks.flatMap((stack) =>
    [...stack.items]
      .sort((a, b) => b.monthlyUsd.high - a.monthlyUsd.high || b.monthlyUsd.low - a.monthlyUsd.low || (a.address < b.address ? -1 : 1))
      .map((item) => ({ ...item, stack: stack.name })),
  );
}

/** Usage-dependent costs grouped by what they are charged for: `data processed, per GB (1 aws_nat_gateway)`. */
export function notEstimatedSummary(env: EnvironmentCost): string[] {
  const groups = new Map<string, number>();
  for (const entry of env.stacks.flatMap((stack) => stack.notEstimated)) {
    const key = `${entry.type}\u0000${entry.usage}`;
    groups.set(key, (groups.get(key) ?? 0) + 1);
  }
  return [...groups].map(([key, count]) => {
    const [type, usage] = key.split('\u0000') as [string, string];
    return `${type} (${count}): ${usage}`;
  });
}

export function unpricedLines(env: EnvironmentCost): string[] {
  return env.stacks.flatMap((stack) => stack.unpriced.map((entry) => `${stack.name} ${entry.address}: ${entry.reason}`));
}

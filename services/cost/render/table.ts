import type { StackChange } from '../compare';
import { formatChange, formatMoney } from '../format-money';
import type { CostReport } from '../model';
import { basisLine, environmentTitle, notEstimatedSummary, orderedItems, unpricedLines } from './sections';

/** `plinth cost` in a terminal: per environment, each stack's total and its items. */
export function textReport(report: CostReport, changes?: readonly StackChange[]): string {
  const lines = [basisLine(report), ''];
  for (const env of report.environments) {
    const budget = env.budgetUsd === undefined ? '' : `, budget ${formatMoney({ low: env.budgetUsd, high: env.budgetUsd })}`;
    lines.push(`${environmentTitle(env)}: ${formatMoney(env.monthlyUsd)} a month${budget}${env.emulator ? ' (an emulator environment: costs nothing)' : ''}`);
    const items = orderedItems(env);
    const width = Math.max(10, ...items.map((item) => item.part.length));
    for (const stack of env.stacks) {
      const change = changes?.find((c) => c.stack === stack.name);
      const delta = change ? `  (${change.before ? `was ${formatMoney(change.before)}` : 'new'}: ${formatChange(change.change)})` : '';
      lines.push(`  ${stack.name}: ${formatMoney(stack.monthlyUsd)}${delta}`);
      for (const item of items.filter((i) => i.stack === stack.name)) lines.push(`    ${item.part.padEnd(width)}  ${formatMoney(item.monthlyUsd).padStart(13)}  ${item.basis}`);
    }
    const usage = notEstimatedSummary(env);
    if (usage.length > 0) lines.push('  not estimated (charged by use):', ...usage.map((line) => `    ${line}`));
    const unpriced = unpricedLines(env);
    if (unpriced.length > 0) lines.push('  NOT PRICED (left out of the total):', ...unpriced.map((line) => `    ${line}`));
    lines.push('');
  }
  for (const removed of changes?.filter((c) => !c.after) ?? []) lines.push(`removed: ${removed.stack} (was ${formatMoney(removed.before!)}): ${formatChange(removed.change)}`);
  return `${lines.join('\n').trimEnd()}\n`;
}

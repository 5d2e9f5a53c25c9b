import type { StackChange } from '../compare';
import { formatChange, formatMoney } from '../format-money';
import type { CostReport, EnvironmentCost } from '../model';
import { basisLine, environmentTitle, notEstimatedSummary, orderedItems, unpricedLines } from './sections';

/** The first line of the pull-request comment: CI finds its earlier comment by it and edits that one. */
export const COST_COMMENT_MARKER = '<!-- plinth-cost -->';

/**
 * One environment as a markdown table: every priced item and the total, then what is not estimated.
 * The README's idle-cost tables are exactly this, for each example's `dev` (a test keeps them equal).
 */
export function environmentMarkdown(env: EnvironmentCost, report: Pick<CostReport, 'priceTable'>): string {
  const rows = orderedItems(env).map((item) => `| ${cell(item.part)} | ${cell(item.basis)} | ${formatMoney(item.monthlyUsd)} |`);
  const budget = env.budgetUsd === undefined ? '' : `; budget ${formatMoney({ low: env.budgetUsd, high: env.budgetUsd })}`;
  const lines = [
    '| part | idle | monthly |',
    '| --- | --- | ---: |',
    ...rows,
    `| **total** | price table ${report.priceTable}${budget} | **${formatMoney(env.monthlyUsd)}** |`,
    '',
    `Not estimated (charged by use): ${notEstimatedSummary(env).join('; ') || 'nothing'}.`,
  ];
  const unpriced = unpricedLines(env);
  if (unpriced.length > 0) lines.push('', `**Not priced** (the total leaves them out): ${unpriced.map(cell).join('; ')}.`);
  if (env.emulator) lines.push('', 'This environment sends its cloud calls to an emulator (`cloud.endpoint`): it costs nothing; the figures are what the cloud would charge.');
  return lines.join('\n');
}

/** `plinth cost --format markdown`: the pull-request comment, with the change per stack when a base report is given. */
export function markdownReport(report: CostReport, changes?: readonly StackChange[]): string {
  const lines = [COST_COMMENT_MARKER, '## Idle cost estimate', '', basisLine(report), ''];
  if (changes) {
    lines.push('| environment | stack | base | this change | difference |', '| --- | --- | ---: | ---: | ---: |');
    for (const change of changes) {
      const before = change.before ? formatMoney(change.before) : '(new)';
      const after = change.after ? formatMoney(change.after) : '(removed)';
      lines.push(`| ${cell(change.environment)} | \`${change.stack}\` | ${before} | ${after} | ${formatChange(change.change)} |`);
    }
    lines.push('');
  }
  for (const env of report.environments) {
    const budget = env.budgetUsd === undefined ? '' : ` (budget ${formatMoney({ low: env.budgetUsd, high: env.budgetUsd })})`;
    lines.push(`<details><summary><b>${environmentTitle(env)}</b>: ${formatMoney(env.monthlyUsd)} a month${budget}</summary>`, '', environmentMarkdown(env, report), '', '</details>', '');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

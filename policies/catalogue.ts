import type { Pack, Rule } from './engine/rule';
import { CHECKOV_DIVERGENCES } from './rules/checkov-divergences';

/**
 * The rule catalogue, rendered from the rules themselves: `plinth policy rules` prints it and the
 * README's catalogue section is this text (a test keeps the two equal).
 */
export function catalogueMarkdown(rules: readonly Rule[], packs: readonly Pack[]): string {
  const packsOf = (rule: Rule): string =>
    packs
      .filter((pack) => pack.rules.includes(rule))
      .map((pack) => pack.name)
      .join(', ');
  const rows = rules.map(
    (rule) =>
      `| \`${rule.id}\` | ${rule.severity} | ${escape(rule.title)} | ${rule.checkov ? `\`${rule.checkov}\`` : ''} | ${packsOf(rule)} | ${escape(rule.remediation)} |`,
  );
  const packRows = packs.map((pack) => `| \`${pack.name}\` | ${pack.rules.length} | ${escape(pack.description)} |`);
  const divergences = CHECKOV_DIVERGENCES.map(
    (divergence) => `| \`${divergence.checkov}\` | ${divergence.addresses.map((address) => `\`${address}\``).join(', ')} | ${escape(divergence.reason)} |`,
  );
  return [
    `${rules.length} rules, ${rules.filter((rule) => rule.checkov).length} with a Checkov equivalent.`,
    '',
    '| Pack | Rules | What it covers |',
    '| --- | ---: | --- |',
    ...packRows,
    '',
    '| Rule | Severity | Title | Checkov | Packs | How to fix |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
    '#### Deliberate divergences from Checkov',
    '',
    '| Checkov | Fixture resources | Why |',
    '| --- | --- | --- |',
    ...divergences,
    '',
  ].join('\n');
}

/** One line per rule, for a terminal. */
export function catalogueText(rules: readonly Rule[]): string {
  return rules.map((rule) => `${rule.id.padEnd(13)} ${rule.severity.padEnd(8)} ${rule.title}${rule.checkov ? ` [${rule.checkov}]` : ''}`).join('\n') + '\n';
}

function escape(text: string): string {
  return text.replace(/\|/g, '\\|');
}

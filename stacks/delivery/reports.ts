import type { JanitorReport } from './janitor';
import type { DeliveryFormat } from './formats';
import { notDestroyed, type DestroyedPreview, type PreviewUpResult } from './previews';


/** Marker of the preview's sticky pull-request comment. */
export const PREVIEW_COMMENT_MARKER = '<!-- plinth-preview -->';

function shown(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function formatPreviewUp(result: PreviewUpResult, format: DeliveryFormat): string {
  const { record, deployed } = result;
  if (format === 'json') return `${JSON.stringify({ ...record, existed: result.existed, ...deployed }, null, 2)}\n`;
  const outputs = Object.entries(deployed.outputs).flatMap(([stack, values]) => Object.entries(values).map(([name, value]) => ({ stack, name, value: shown(value) })));
  const skipped = deployed.skipped.map(({ stack, why }) => `${stack}: not deployed, ${why}`);
  if (format === 'markdown') {
    return [
      PREVIEW_COMMENT_MARKER,
      `### Preview \`${record.name}\` (from \`${record.from}\`)`,
      '',
      `Deployed ${deployed.applied.map((stack) => `\`${stack.stack}\``).join(', ')}. Expires **${record.expiresAt}**; \`plinth janitor\` destroys it after that, closing the pull request destroys it at once.`,
      '',
      '| stack | output | value |',
      '| --- | --- | --- |',
      ...outputs.map(({ stack, name, value }) => `| ${stack} | ${name} | \`${value.replace(/\|/g, '\\|')}\` |`),
      ...(skipped.length > 0 ? ['', ...skipped.map((line) => `- ${line}`)] : []),
      '',
    ].join('\n');
  }
  return [
    `preview ${record.name} (from ${record.from}) ${result.existed ? 'deployed again' : 'deployed'}: expires ${record.expiresAt}`,
    ...deployed.applied.map((stack) => `  ${stack.stack}: applied in ${stack.seconds.toFixed(1)} s${stack.leftOutOnEmulator.length > 0 ? ` (${stack.leftOutOnEmulator.length} resources left out on the emulator: ${stack.leftOutOnEmulator.join(', ')})` : ''}`),
    ...skipped.map((line) => `  ${line}`),
    'outputs:',
    ...outputs.map(({ stack, name, value }) => `  ${stack}.${name} = ${value}`),
    '',
  ].join('\n');
}

export function formatPreviewDown(result: DestroyedPreview): string {
  const lines = [`preview ${result.name}: destroyed ${result.destroyed.map((stack) => `${stack.stack} (${stack.seconds.toFixed(1)} s)`).join(', ') || 'nothing (no stack was deployed)'}`];
  const unexplained = notDestroyed(result);
  for (const [arn, why] of Object.entries(result.explained)) lines.push(`still listed, destroyed: ${arn} (${why})`);
  lines.push(unexplained.length > 0 ? `still tagged as the preview's, NOT destroyed (it stays recorded): ${unexplained.join(', ')}` : `forgotten: its record is removed`);
  return `${lines.join('\n')}\n`;
}

export function formatJanitor(report: JanitorReport, format: DeliveryFormat): string {
  if (format === 'json') return `${JSON.stringify(report, null, 2)}\n`;
  const searched =
    (report.searched.length > 0 ? `tags searched in ${report.searched.join(', ')}` : 'tags not searched (records only)') +
    report.unsearched.map(({ location, reason }) => `; COULD NOT SEARCH ${location}: ${reason}`).join('');
  const heading = `janitor${report.dryRun ? ' (dry run: nothing changed)' : ''} at ${report.at}; ${searched}`;
  if (report.entries.length === 0) return `${format === 'markdown' ? `**${heading}**` : heading}\nno expiring environments found\n`;
  if (format === 'markdown') {
    return [
      `**${heading}**`,
      '',
      '| environment | expires | found by | status | detail |',
      '| --- | --- | --- | --- | --- |',
      ...report.entries.map((entry) => `| ${entry.environment} | ${entry.expiresAt} | ${entry.foundBy.join(', ')} | ${entry.status} | ${entry.detail.replace(/\n/g, ' ')} |`),
      '',
    ].join('\n');
  }
  return [
    heading,
    ...report.entries.map((entry) => {
      const left = entry.leftBehind.map((arn) => `\n    still tagged: ${arn}`).join('');
      return `  ${entry.environment}: ${entry.status} (expires ${entry.expiresAt}; found by ${entry.foundBy.join(' and ')}): ${entry.detail}${left}`;
    }),
    '',
  ].join('\n');
}

/** A cell to write: a number (NaN and infinities are written empty, which readers take as missing) or a label. */
export type CsvCell = number | string | null;

/**
 * Rows as CSV text (RFC 4180) with a header row, in `columns`' order: numbers as JavaScript prints them (the
 * shortest text that reads back as the same double), labels quoted when they hold a comma, a quote, a line
 * break or outer spaces.
 */
export function csvText(columns: readonly string[], rows: Iterable<Readonly<Record<string, CsvCell>>>): string {
  const lines = [columns.map(labelText).join(',')];
  for (const row of rows) lines.push(columns.map((column) => cellText(row[column] ?? null)).join(','));
  return `${lines.join('\n')}\n`;
}

function cellText(cell: CsvCell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
  return labelText(cell);
}

function labelText(text: string): string {
  return /[",\r\n]|^\s|\s$/.test(text) || text === '' ? `"${text.replace(/"/g, '""')}"` : text;
}

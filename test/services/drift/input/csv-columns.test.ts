import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { UserFacingError } from '../../../../core/exit-codes';
import { isMissingText, parseNumberText } from '../../../../services/drift/input/cell-text';
import { readCsvColumns } from '../../../../services/drift/input/csv-columns';
import type { RawValues } from '../../../../services/drift/sample';

/** How `plinth drift compare` read a CSV file before its own scanner: csv-parse, then each column typed. */
function readWithCsvParse(text: string): Record<string, RawValues> {
  const [header, ...rows] = parse(text, { bom: true, skip_empty_lines: true }) as string[][];
  if (rows.length === 0) throw new Error('no data rows after the header');
  return Object.fromEntries(
    header.map((name, index) => {
      const cells = rows.map((row) => row[index]);
      const numeric = cells.every((cell) => parseNumberText(cell) !== undefined);
      return [name.trim(), numeric ? Float64Array.from(cells, (cell) => parseNumberText(cell) as number) : cells.map((cell) => (isMissingText(cell) ? null : cell))];
    }),
  );
}

function columnsOf(text: string): Record<string, RawValues> {
  return readCsvColumns(text, 'data.csv', {}).columns as Record<string, RawValues>;
}

/** Cells as files hold them: numbers, missing markers, words, and text that needs quoting. */
const cell = fc.oneof(
  fc.double().map(String),
  fc.integer().map(String),
  fc.double({ min: -100, max: 100, noNaN: true }).map((value) => value.toFixed(3)),
  fc.constantFrom('', 'NA', 'NaN', 'null', 'inf', '-Infinity', ' 1.5 ', 'a', 'b c', 'x,y', 'say "hi"', 'two\nlines', 'cr\r\nlf', 'é'),
  fc.string(),
);

function quote(text: string, always: boolean): string {
  return always || /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const csvFile = fc
  .record({
    columns: fc.uniqueArray(fc.stringMatching(/^[a-z][a-z0-9_]{0,6}$/), { minLength: 1, maxLength: 4 }),
    rows: fc.integer({ min: 1, max: 25 }),
    newline: fc.constantFrom('\n', '\r\n'),
    bom: fc.boolean(),
    finalNewline: fc.boolean(),
    quoteAll: fc.boolean(),
    seed: fc.array(fc.tuple(cell, fc.boolean()), { minLength: 100, maxLength: 100 }),
  })
  .map(({ columns, rows, newline, bom, finalNewline, quoteAll, seed }) => {
    const lines = [columns.join(',')];
    for (let row = 0; row < rows; row++) {
      lines.push(columns.map((_, column) => {
        const [text, quoted] = seed[(row * columns.length + column) % seed.length];
        return quote(text, quoteAll || quoted);
      }).join(','));
    }
    return `${bom ? '\uFEFF' : ''}${lines.join(newline)}${finalNewline ? newline : ''}`;
  });

describe('readCsvColumns reads what csv-parse read', () => {
  it('on random files: quoted fields, doubled quotes, CRLF, BOM, missing cells, numbers and words', () => {
    fc.assert(
      fc.property(csvFile, (text) => {
        let expected: Record<string, RawValues>;
        try {
          expected = readWithCsvParse(text);
        } catch {
          return; // refused before too (ragged once an empty row is skipped, or no rows left): tested below
        }
        expect(columnsOf(text)).toEqual(expected);
      }),
      { numRuns: 1_000 },
    );
  });

  it.each([
    ['quoted fields and doubled quotes', 'x,name\n1,"a, b"\n"2","say ""hi"""\n', { x: Float64Array.of(1, 2), name: ['a, b', 'say "hi"'] }],
    ['CRLF and a BOM', '\uFEFFx,name\r\n1,a\r\n2,b\r\n', { x: Float64Array.of(1, 2), name: ['a', 'b'] }],
    ['a line break inside quotes', 'x,name\n1,"two\r\nlines"\n', { x: Float64Array.of(1), name: ['two\r\nlines'] }],
    ['missing cells', 'x,name\n,\nNA,""\n3,c\n', { x: Float64Array.of(Number.NaN, Number.NaN, 3), name: [null, null, 'c'] }],
    ['empty lines skipped', 'x\n\n1\n\n\n2', { x: Float64Array.of(1, 2) }],
    ['a word after numbers makes the column categorical', 'x\n1\n2.50\nthree\n', { x: ['1', '2.50', 'three'] }],
    ['a word after missing cells', 'x\nNA\n""\nthree\n', { x: [null, null, 'three'] }],
  ])('%s', (_, text, columns) => {
    expect(columnsOf(text)).toEqual(columns);
    expect(readWithCsvParse(text)).toEqual(columns);
  });

  it('keeps a declared type: numbers as labels, a word in a numeric column as a problem with its line', () => {
    const table = readCsvColumns('x,y\n1,1\n2,"a\nb"\nword,3\n', 'data.csv', { x: 'numeric', y: 'categorical' });
    expect(table.columns.y).toEqual(['1', 'a\nb', '3']);
    expect(table.problems).toEqual(['data.csv: column "x", line 5: "word" is not a number, and the column is numeric']);
  });
});

describe('readCsvColumns refuses invalid CSV with the line and what is valid', () => {
  it.each([
    ['a ragged row', 'x,y\n1,2\n3\n', 'line 3: 1 field, but the header has 2'],
    ['a quote inside an unquoted field', 'x,y\n1,a"b\n', 'line 2: a quote inside an unquoted field; quote the whole field and double the quotes in it ("a ""b"" c")'],
    ['text after a closing quote', 'x,y\n1,"a"b\n', 'line 2: "b" after the closing quote of a field; expected a comma or the end of the line'],
    ['an unclosed quote', 'x,y\r\n1,2\r\n3,"a\r\nb\r\n', 'line 3: a quoted field is not closed before the end of the file'],
  ])('%s', (_, text, message) => {
    expect(() => readCsvColumns(text, 'data.csv', {})).toThrow(new UserFacingError(`data.csv: not valid CSV: ${message}`));
  });

  it('refuses an empty file, a header without rows, duplicate and blank names', () => {
    expect(() => readCsvColumns('\uFEFF\n\n', 'data.csv', {})).toThrow('data.csv: the file is empty; expected a header row and data rows');
    expect(() => readCsvColumns('x,y\r\n', 'data.csv', {})).toThrow('data.csv: no data rows after the header');
    expect(() => readCsvColumns('x, x\n1,2\n', 'data.csv', {})).toThrow('data.csv: line 1: duplicate column names: x');
    expect(() => readCsvColumns('x,\n1,2\n', 'data.csv', {})).toThrow('data.csv: line 1: column 2 has no name');
  });
});

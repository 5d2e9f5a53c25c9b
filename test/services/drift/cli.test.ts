import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { EXIT_BAD_INPUT, EXIT_FINDINGS, EXIT_OK, UserFacingError } from '../../../core/exit-codes';
import { registerDriftCommands } from '../../../services/drift/cli';
import { REPO_ROOT } from '../../support/synth';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'plinth-drift-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  process.exitCode = undefined;
});

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** Runs `plinth drift …` the way services/cli/main.ts does: exit code from process.exitCode or the error. */
async function plinthDrift(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  const err = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  try {
    const program = new Command('plinth').exitOverride();
    registerDriftCommands(program);
    await program.parseAsync(['drift', ...args], { from: 'user' });
    return { code: process.exitCode === undefined ? EXIT_OK : Number(process.exitCode), stdout, stderr };
  } catch (error) {
    if (!(error instanceof UserFacingError)) throw error;
    return { code: error.exitCode, stdout, stderr: stderr + error.message };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

const rows = (n: number, row: (i: number) => string) => Array.from({ length: n }, (_, i) => row(i)).join('\n');
const reference = () => file('ref.csv', `x,city\n${rows(100, (i) => `${i},${['a', 'b', 'c'][i % 3]}`)}\n`);

describe('plinth drift compare', () => {
  it('prints the JSON report and exits 0 when nothing drifts', async () => {
    const current = file('cur.csv', `city,x\n${rows(100, (i) => `${['a', 'b', 'c'][i % 3]},${99 - i}`)}\n`);
    const result = await plinthDrift('compare', '--reference', reference(), '--current', current);
    expect(result.code).toBe(EXIT_OK);
    const report = JSON.parse(result.stdout);
    expect(report.columns.x).toMatchObject({ type: 'numeric', stattest: 'ks', statistic: 0, p_value: 1, drifted: false });
    expect(report.columns.city).toMatchObject({ type: 'categorical', stattest: 'chisquare', drifted: false });
    expect(result.stderr).toBe('drift: 0 of 2 columns drifted; dataset drift: no\n');
  });

  it('exits 1 when the dataset drifts, and applies the options file', async () => {
    const current = file('cur.csv', `x,city\n${rows(100, (i) => `${i + 50},c`)}\n`);
    const options = file('cols.yaml', 'columns:\n  x: { stattest: wasserstein, threshold: 0.2, role: prediction }\n');
    const output = join(dir, 'report.json');
    const result = await plinthDrift('compare', '--reference', reference(), '--current', current, '--options', options, '--output', output);
    expect(result.code).toBe(EXIT_FINDINGS);
    const report = JSON.parse(readFileSync(output, 'utf8'));
    expect(report.columns.x).toMatchObject({ stattest: 'wasserstein', threshold: 0.2, role: 'prediction', drifted: true });
    expect(report.prediction).toEqual({ column: 'x', drifted: true });
    expect(result.stdout).toBe('');
  });

  it('writes a self-contained HTML page with a chart per column', async () => {
    const current = file('cur.csv', `x,city\n${rows(100, (i) => `${i + 50},c`)}\n`);
    const output = join(dir, 'report.html');
    await plinthDrift('compare', '--reference', reference(), '--current', current, '--format', 'html', '--output', output);
    const html = readFileSync(output, 'utf8');
    expect(html).toContain('Dataset drift');
    expect(html.match(/<svg /g)).toHaveLength(2);
    expect(html).not.toMatch(/<script|https?:\/\//);
  });
});

describe('plinth drift compare: bad input exits 2 naming file, column and line', () => {
  it.each([
    ['an empty file', '', /ref2\.csv: the file is empty/],
    ['a header without rows', 'x,city\n', /ref2\.csv: no data rows after the header/],
    ['a different header', 'x,town\n1,a\n', /ref2\.csv: line 1: header does not match .*ref\.csv: missing "city"; has "town"/],
    ['a word in a numeric column', 'x,city\n1,a\n2,b\nabc,c\n4,a\n', /ref2\.csv: column "x", line 4: "abc" is not a number, and the column is numeric/],
    ['a column with only NaN', 'x,city\nNaN,a\n,b\ninf,c\n', /ref2\.csv: column "x", lines 2–4: no usable value \(all empty, NaN or infinite\)/],
    ['a ragged row', 'x,city\n1,a,extra\n', /ref2\.csv: not valid CSV: .*line 2/],
  ])('%s', async (_, text, message) => {
    const result = await plinthDrift('compare', '--reference', reference(), '--current', file('ref2.csv', text));
    expect(result.code).toBe(EXIT_BAD_INPUT);
    expect(result.stderr).toMatch(message);
  });

  it('lists every problem of the options file with its path', async () => {
    const options = file('cols.yaml', 'columns:\n  x: { stattest: kss, threshold: -1 }\ndrift_shar: 2\n');
    const result = await plinthDrift('compare', '--reference', reference(), '--current', reference(), '--options', options);
    expect(result.code).toBe(EXIT_BAD_INPUT);
    expect(result.stderr.split('\n')).toEqual([
      `${options} is not a valid drift options file:`,
      '  columns.x.stattest: found "kss" (did you mean "ks"?); allowed: "ks", "chisquare", "z", "wasserstein", "jensenshannon", "psi"',
      '  columns.x.threshold: found -1; must be at least 0',
      '  drift_shar: unknown key "drift_shar" (did you mean "drift_share"?); allowed keys: columns, embeddings, drift_share',
    ]);
  });

  it('refuses options for a column the files do not have', async () => {
    const options = file('cols.yaml', 'columns:\n  y: { type: numeric }\n');
    const result = await plinthDrift('compare', '--reference', reference(), '--current', reference(), '--options', options);
    expect(result.code).toBe(EXIT_BAD_INPUT);
    expect(result.stderr).toMatch(/cols\.yaml: columns\.y: no such column in .*ref\.csv \(columns: x, city\)/);
  });

  it('refuses a test that does not fit the column type', async () => {
    const options = file('cols.yaml', 'columns:\n  city: { stattest: ks }\n');
    const result = await plinthDrift('compare', '--reference', reference(), '--current', reference(), '--options', options);
    expect(result.code).toBe(EXIT_BAD_INPUT);
    expect(result.stderr).toMatch(/cols\.yaml: column "city": test "ks" applies to numeric columns, not categorical/);
  });
});

describe('plinth drift compare: Parquet', () => {
  /** A reference or current dataset with every column kind Parquet files hold, as Parquet and as the equivalent CSV. */
  function dataset(rows: number, shift: number) {
    const index = Array.from({ length: rows }, (_, i) => i);
    return {
      age: index.map((i) => (i % 17 === 0 ? null : ((i * 37) % 50) + shift + 0.25)),
      visits: index.map((i) => (i * 7 + shift) % 13),
      balance: index.map((i) => BigInt(i * 1000 + shift)),
      city: index.map((i) => (i % 11 === 0 ? null : ['Lyon', 'Oslo', 'Kyiv, UA'][(i + shift) % 3])),
      member: index.map((i) => (i + shift) % 4 === 0),
    };
  }
  type Dataset = ReturnType<typeof dataset>;

  async function parquetFile(name: string, data: Dataset, options: { codec?: 'GZIP' | 'ZSTD' } = {}): Promise<string> {
    const { parquetWriteBuffer } = await import('hyparquet-writer');
    const { gzipSync } = await import('node:zlib');
    const buffer = parquetWriteBuffer({
      columnData: [
        { name: 'age', data: data.age, type: 'DOUBLE' },
        { name: 'visits', data: data.visits, type: 'INT32' },
        { name: 'balance', data: data.balance, type: 'INT64' },
        { name: 'city', data: data.city, type: 'STRING' },
        { name: 'member', data: data.member, type: 'BOOLEAN' },
      ],
      codec: options.codec,
      // The ZSTD "compressor" stores the bytes as they are: enough for a file that says ZSTD.
      compressors: { GZIP: (input: Uint8Array) => gzipSync(input), ZSTD: (input: Uint8Array) => input },
      rowGroupSize: 100,
    });
    const path = join(dir, name);
    writeFileSync(path, new Uint8Array(buffer));
    return path;
  }

  function csvFile(name: string, data: Dataset): string {
    const cell = (value: unknown) => (value === null ? '' : /[",]/.test(String(value)) ? `"${String(value)}"` : String(value));
    const lines = data.age.map((_, i) => [data.age[i], data.visits[i], data.balance[i], data.city[i], data.member[i]].map(cell).join(','));
    return file(name, `age,visits,balance,city,member\n${lines.join('\n')}\n`);
  }

  it('gives the report the equivalent CSV files give, also when one file is CSV and the other Parquet', async () => {
    const [reference, current] = [dataset(300, 0), dataset(250, 1)];
    const fromCsv = await plinthDrift('compare', '--reference', csvFile('ref.csv', reference), '--current', csvFile('cur.csv', current));
    const fromParquet = await plinthDrift('compare', '--reference', await parquetFile('ref.parquet', reference), '--current', await parquetFile('cur.pq', current));
    const mixed = await plinthDrift('compare', '--reference', join(dir, 'ref.csv'), '--current', await parquetFile('cur.parquet', current, { codec: 'GZIP' }));
    const report = JSON.parse(fromCsv.stdout);
    expect(Object.values(report.columns).map((column) => (column as { type: string }).type)).toEqual(['numeric', 'numeric', 'numeric', 'categorical', 'categorical']);
    expect(report.columns.age.dropped).toEqual({ reference: 18, current: 15 });
    expect(report.columns.city.dropped).toEqual({ reference: 28, current: 23 });
    expect(JSON.parse(fromParquet.stdout)).toEqual(report);
    expect(JSON.parse(mixed.stdout)).toEqual(report);
    expect([fromParquet.code, mixed.code]).toEqual([fromCsv.code, fromCsv.code]);
  });

  it('runs as a whole process, where Node itself loads the ES-module reader', async () => {
    const reference = await parquetFile('ref.parquet', dataset(300, 0));
    const result = spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'plinth.js'), 'drift', 'compare', '--reference', reference, '--current', reference], { encoding: 'utf8' });
    expect(result.stderr).toBe('drift: 0 of 5 columns drifted; dataset drift: no\n');
    expect(result.status).toBe(EXIT_OK);
  });

  it('refuses a file that is not Parquet with one line, exit 2', async () => {
    const result = await plinthDrift('compare', '--reference', await parquetFile('ref.parquet', dataset(300, 0)), '--current', file('cur.parquet', 'age,visits\n1,2\n'));
    expect(result.code).toBe(EXIT_BAD_INPUT);
    expect(result.stderr).toMatch(/^\S*cur\.parquet: not a readable Parquet file \(parquet file invalid \(footer != PAR1\)\)$/);
  });

  it('names every column type and codec it cannot read, and what it reads', async () => {
    const { parquetWriteBuffer } = await import('hyparquet-writer');
    const path = join(dir, 'events.parquet');
    const buffer = parquetWriteBuffer({
      columnData: [
        { name: 'at', data: [new Date(0), new Date(1)], type: 'TIMESTAMP' },
        { name: 'x', data: [1, 2], type: 'DOUBLE' },
      ],
      codec: 'ZSTD',
      compressors: { ZSTD: (input: Uint8Array) => input },
    });
    writeFileSync(path, new Uint8Array(buffer));
    const result = await plinthDrift('compare', '--reference', path, '--current', path);
    expect(result.code).toBe(EXIT_BAD_INPUT);
    expect(result.stderr.split('\n')).toEqual([
      `${path}: column "at" is INT64 (TIMESTAMP_MILLIS); drift compare reads numbers (INT32, INT64, FLOAT, DOUBLE, DECIMAL), strings and booleans`,
      `${path}: compressed with ZSTD, which this reader cannot decompress (it reads UNCOMPRESSED, SNAPPY, GZIP, BROTLI); write the file with snappy, e.g. pandas' to_parquet(compression="snappy")`,
    ]);
  });

  it('reads a string column declared numeric as CSV text is read, naming the row of a word', async () => {
    const current = dataset(250, 1);
    current.city[4] = '12';
    const options = file('cols.yaml', 'columns:\n  city: { type: numeric }\n');
    const reference = csvFile('ref.csv', { ...dataset(300, 0), city: Array.from({ length: 300 }, (_, i) => (i % 5 === 0 ? null : String(i))) });
    const result = await plinthDrift('compare', '--reference', reference, '--current', await parquetFile('cur.parquet', current), '--options', options);
    expect(result.code).toBe(EXIT_BAD_INPUT);
    expect(result.stderr).toMatch(/cur\.parquet: column "city", row 2: "Kyiv, UA" is not a number, and the column is numeric \(225 more such values\)$/);
  });
});

/** Three-component vectors with three decimals; `shift` moves the first component only. */
const vector = (i: number, shift = 0) => [0, 1, 2].map((c) => Math.round(Math.cos(i * 0.9 + c) * 1000) / 1000 + (c === 0 ? shift : 0));
/** 120 rows; `cell` writes a vector as the CSV cell (by default as pandas writes a list), given its row too. */
const csv = (shift = 0, cell = (v: number[], _row: number) => `"[${v.join(', ')}]"`) => `x,query\n${Array.from({ length: 120 }, (_, i) => `${i % 40},${cell(vector(i, shift), i)}`).join('\n')}\n`;
const declared = () => file('cols.yaml', 'embeddings:\n  query: { distance_threshold: 0.25 }\n');

describe('plinth drift compare with embedding columns', () => {
  it('compares the vectors of a declared column, reports them and exits 1 when they drift', async () => {
    const result = await plinthDrift('compare', '--reference', file('ref.csv', csv()), '--current', file('cur.csv', csv(0.4)), '--options', declared());
    expect(result.code).toBe(EXIT_FINDINGS);
    const report = JSON.parse(result.stdout);
    expect(Object.keys(report.columns)).toEqual(['x']);
    // Only the first component moved, by 0.4: the centroids are 0.4 apart.
    expect(report.embeddings.query).toMatchObject({ dimensions: 3, centroid_distance: { value: expect.closeTo(0.4, 12), threshold: 0.25, drifted: true }, drifted: true });
    expect(result.stderr).toBe('drift: 0 of 1 columns drifted; dataset drift: no; embeddings drifted: query\n');
  });

  it('exits 0 on the same vectors written the numpy way', async () => {
    const result = await plinthDrift('compare', '--reference', file('ref.csv', csv()), '--current', file('cur.csv', csv(0, (v) => `[${v.join(' ')}]`)), '--options', declared());
    expect(result.code).toBe(EXIT_OK);
    expect(JSON.parse(result.stdout).embeddings.query).toMatchObject({ centroid_distance: { value: 0 }, drifted_components: { share: 0 }, drifted: false });
    expect(result.stderr).toBe('drift: 0 of 1 columns drifted; dataset drift: no; embeddings drifted: none\n');
  });

  it('exits 2 naming the file, the column and the row of a bad vector, in both files at once', async () => {
    const referenceFile = file('ref.csv', csv(0, (v, row) => (row === 3 ? '"[0.1, oops, 0.2]"' : `"[${v.join(', ')}]"`)));
    const currentFile = file('cur.csv', csv(0, (v, row) => (row === 5 ? '"[1, 2]"' : `"[${v.join(', ')}]"`)));
    const result = await plinthDrift('compare', '--reference', referenceFile, '--current', currentFile, '--options', declared());
    expect(result.code).toBe(EXIT_BAD_INPUT);
    expect(result.stderr.split('\n')).toEqual([
      `${referenceFile}: column "query", row 4: component 2 is "oops", not a number`,
      `${currentFile}: column "query", row 6: 2 components, but the reference's vectors have 3`,
    ]);
  });

  it('exits 2 on an embedding option for a column the reference lacks', async () => {
    const options = file('cols.yaml', 'embeddings:\n  answer:\n');
    const result = await plinthDrift('compare', '--reference', file('ref.csv', csv()), '--current', file('cur.csv', csv()), '--options', options);
    expect(result.code).toBe(EXIT_BAD_INPUT);
    expect(result.stderr).toBe(`${options}: embeddings.answer: no such column in ${join(dir, 'ref.csv')} (columns: x, query)`);
  });
});

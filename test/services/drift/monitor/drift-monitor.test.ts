import { compareDatasets } from '../../../../services/drift/compare';
import { DriftMonitor } from '../../../../services/drift/monitor/drift-monitor';
import { InMemoryDriftStore } from '../../../../services/drift/monitor/memory-drift-store';
import { MonitorInputError } from '../../../../services/drift/monitor/monitor-input-error';

const CITIES = ['a', 'b', 'c'];
const referenceRows = Array.from({ length: 300 }, (_, i) => ({ x: i % 100, city: CITIES[i % 3] }));
const csv = (rows: readonly { x: number | string; city: string }[], header = 'x,city') =>
  `${header}\n${rows.map((row) => `${row.x},${row.city}`).join('\n')}\n`;
/** Current rows numbered from `start`, shifted by `shift`: a global index makes the expected window easy to rebuild. */
const currentRows = (start: number, count: number, shift = 0) =>
  Array.from({ length: count }, (_, k) => ({ x: ((start + k) * 7) % 100 + shift, city: CITIES[(start + k) % 3] }));

function expectedReport(window: readonly { x: number | string; city: string }[]) {
  return compareDatasets(
    { columns: { x: Float64Array.from(referenceRows, (row) => row.x), city: referenceRows.map((row) => row.city) } },
    { columns: { x: Float64Array.from(window, (row) => Number(row.x)), city: window.map((row) => row.city) } },
  );
}

async function monitorWithReference(props: { windowRows?: number; minWindowRows?: number; maxBatchRows?: number } = {}) {
  const store = new InMemoryDriftStore();
  const monitor = new DriftMonitor({ store, windowRows: 200, minWindowRows: 50, ...props });
  await monitor.registerReference('churn', { format: 'csv', text: csv(referenceRows) });
  return { monitor, store };
}

describe('DriftMonitor: references', () => {
  it('infers column types from a CSV reference and from JSON rows alike', async () => {
    const monitor = new DriftMonitor({ store: new InMemoryDriftStore() });
    const fromCsv = await monitor.registerReference('a', { format: 'csv', text: csv(referenceRows) });
    const fromRows = await monitor.registerReference('b', { format: 'rows', rows: referenceRows });
    const expected = [{ name: 'x', type: 'numeric' }, { name: 'city', type: 'categorical' }];
    expect(fromCsv).toMatchObject({ model: 'a', rows: 300, columns: expected });
    expect(fromRows).toMatchObject({ model: 'b', rows: 300, columns: expected });
    expect(fromCsv.reference_id).not.toBe(fromRows.reference_id);
  });

  it('takes declared types, tests and thresholds from the options', async () => {
    const { monitor } = await monitorWithReference();
    const summary = await monitor.registerReference('churn', { format: 'rows', rows: referenceRows }, {
      columns: { x: { type: 'categorical', stattest: 'psi', threshold: 0.3 } },
    });
    expect(summary.columns[0]).toEqual({ name: 'x', type: 'categorical' });
    const batch = await monitor.ingestBatch('churn', { format: 'rows', rows: currentRows(0, 60) });
    expect(batch.report?.report.columns.x).toMatchObject({ type: 'categorical', stattest: 'psi', threshold: 0.3 });
  });

  it('empties the window when a reference is replaced, and forgets the old reference\'s reports', async () => {
    const { monitor } = await monitorWithReference();
    await monitor.ingestBatch('churn', { format: 'rows', rows: currentRows(0, 60) });
    expect(await monitor.latestReport('churn')).toBeDefined();
    await monitor.registerReference('churn', { format: 'rows', rows: referenceRows });
    expect(await monitor.latestReport('churn')).toBeUndefined();
    const batch = await monitor.ingestBatch('churn', { format: 'rows', rows: currentRows(0, 10) });
    expect(batch).toMatchObject({ window_rows: 10, rows_seen: 10 });
  });
});

describe('DriftMonitor: the sliding window', () => {
  it('reports nothing until the window holds minWindowRows rows, then on every batch', async () => {
    const { monitor } = await monitorWithReference();
    const first = await monitor.ingestBatch('churn', { format: 'rows', rows: currentRows(0, 30) });
    expect(first).toEqual({ model: 'churn', accepted_rows: 30, window_rows: 30, rows_seen: 30 });
    expect(await monitor.latestReport('churn')).toBeUndefined();
    expect(await monitor.currentComparison('churn')).toBeUndefined();

    const second = await monitor.ingestBatch('churn', { format: 'csv', text: csv(currentRows(30, 20)) });
    expect(second).toMatchObject({ accepted_rows: 20, window_rows: 50, rows_seen: 50 });
    expect(second.report?.report).toEqual(expectedReport(currentRows(0, 50)));
    expect(await monitor.latestReport('churn')).toEqual(second.report);
  });

  it('compares only the newest windowRows rows and counts every row seen', async () => {
    const { monitor } = await monitorWithReference();
    // Each batch drifts a little further, so that every window of 200 rows has its own report.
    const batches = [0, 1, 2, 3].map((b) => currentRows(b * 125, 125, b * 5));
    let last;
    for (const rows of batches) last = await monitor.ingestBatch('churn', { format: 'rows', rows });
    const all = batches.flat();
    expect(last).toMatchObject({ window_rows: 200, rows_seen: 500 });
    expect(last?.report).toMatchObject({ window_rows: 200, rows_seen: 500 });
    expect(last?.report?.report).toEqual(expectedReport(all.slice(300)));
    expect(last?.report?.report).not.toEqual(expectedReport(all.slice(0, 200)));
    const comparison = await monitor.currentComparison('churn');
    expect(Array.from(comparison?.current.columns.x as Float64Array)).toEqual(all.slice(300).map((row) => row.x));
  });

  it('detects a shift once the shifted rows fill the window', async () => {
    const { monitor } = await monitorWithReference();
    const stable = await monitor.ingestBatch('churn', { format: 'rows', rows: currentRows(0, 200) });
    expect(stable.report?.report.dataset.drifted).toBe(false);
    const shifted = await monitor.ingestBatch('churn', { format: 'rows', rows: currentRows(200, 200, 60) });
    expect(shifted.report?.report.columns.x.drifted).toBe(true);
    expect(shifted.report?.report.dataset).toMatchObject({ drifted_columns: 1, drifted: true });
  });

  it('gives the data behind the current window for charts, with the same report', async () => {
    const { monitor } = await monitorWithReference();
    const batch = await monitor.ingestBatch('churn', { format: 'rows', rows: currentRows(0, 80) });
    const comparison = await monitor.currentComparison('churn');
    expect(comparison?.report).toEqual(batch.report?.report);
    expect(comparison?.current.columns.city).toEqual(currentRows(0, 80).map((row) => row.city));
    expect((comparison?.reference.columns.x as Float64Array).length).toBe(300);
  });

  it('reads missing, NaN and infinite cells as dropped values', async () => {
    const { monitor } = await monitorWithReference({ minWindowRows: 4 });
    const batch = await monitor.ingestBatch('churn', { format: 'csv', text: 'city,x\na,1\nb,NaN\nc,\na,-inf\nNA,5\n' });
    expect(batch.report?.report.columns.x).toMatchObject({ current_rows: 2, dropped: { current: 3 } });
    expect(batch.report?.report.columns.city).toMatchObject({ current_rows: 4, dropped: { current: 1 } });
  });
});

describe('DriftMonitor: bad input is refused with the model, the upload, the column and the row', () => {
  const manyRows = currentRows(0, 11);
  it.each<[string, () => Promise<unknown>, Partial<MonitorInputError>, RegExp]>([
    ['an empty CSV', () => batch({ format: 'csv', text: '' }), { kind: 'empty' }, /^model "churn", batch: no data/],
    ['a header without rows', () => batch({ format: 'csv', text: 'x,city\n' }), { kind: 'empty' }, /no data rows after the header/],
    ['no rows', () => batch({ format: 'rows', rows: [] }), { kind: 'empty' }, /the array of rows is empty/],
    ['a missing column', () => batch({ format: 'csv', text: 'x\n1\n' }), { kind: 'header_mismatch', column: 'city' }, /column "city" of the reference is missing \(the reference has x, city; this upload has x\)/],
    ['an extra column', () => batch({ format: 'rows', rows: [{ x: 1, city: 'a', age: 3 }] }), { kind: 'header_mismatch', column: 'age' }, /column "age" is not in the reference/],
    ['a word in a numeric column', () => batch({ format: 'csv', text: 'x,city\n1,a\n2,b\nabc,c\nxyz,a\n' }), { kind: 'not_a_number', column: 'x', row: 3 }, /column "x", row 3 \(line 4\): "abc" is not a number, and the column is numeric \(1 more such values\)/],
    ['a boolean in a numeric column', () => batch({ format: 'rows', rows: [{ x: 1, city: 'a' }, { x: true, city: 'b' }] }), { kind: 'not_a_number', column: 'x', row: 2 }, /column "x", row 2: true is not a number/],
    ['a column with only NaN', () => batch({ format: 'csv', text: 'x,city\nNaN,a\n,b\ninf,c\n' }), { kind: 'no_usable_value', column: 'x' }, /column "x", row 1 \(line 2\) to row 3 \(line 4\): no usable value/],
    ['more rows than the limit', () => batch({ format: 'rows', rows: manyRows }), { kind: 'too_many_rows', row: 11 }, /more than 10 rows \(the limit for a batch\)/],
    ['more CSV rows than the limit', () => batch({ format: 'csv', text: csv(manyRows) }), { kind: 'too_many_rows', row: 11 }, /more than 10 rows/],
    ['a ragged CSV row', () => batch({ format: 'csv', text: 'x,city\n1,a\n2,b,extra\n' }), { kind: 'malformed', row: 2 }, /not valid CSV: .*line 3/],
    ['rows that are not an array', () => batch({ format: 'rows', rows: { x: 1 } }), { kind: 'malformed' }, /expected an array of row objects, found an object/],
    ['a row that is not an object', () => batch({ format: 'rows', rows: [{ x: 1, city: 'a' }, 'x=2'] }), { kind: 'malformed', row: 2 }, /row 2: expected an object, found string "x=2"/],
    ['a row without a column', () => batch({ format: 'rows', rows: [{ x: 1, city: 'a' }, { x: 2 }] }), { kind: 'malformed', row: 2, column: 'city' }, /row 2: column "city" is missing/],
    ['a nested value', () => batch({ format: 'rows', rows: [{ x: 1, city: { name: 'a' } }] }), { kind: 'malformed', row: 1, column: 'city' }, /row 1, column "city": expected a number, a string, a boolean or null, found an object/],
    ['a model without a reference', () => monitor.ingestBatch('other', { format: 'rows', rows: [{ x: 1 }] }), { kind: 'unknown_model', model: 'other' }, /^model "other": no reference registered/],
    ['an invalid model name', () => monitor.ingestBatch('../etc', { format: 'rows', rows: [] }), { kind: 'invalid_model', model: '../etc' }, /^model "..\/etc": not a valid model name/],
    ['a test that does not fit the column', () => monitor.registerReference('churn', { format: 'rows', rows: referenceRows }, { columns: { city: { stattest: 'ks' } } }), { kind: 'invalid_options', input: 'reference', column: 'city' }, /reference: options: column "city": test "ks" applies to numeric columns, not categorical/],
    ['options for a column the reference lacks', () => monitor.registerReference('churn', { format: 'rows', rows: referenceRows }, { columns: { age: { threshold: 0.1 } } }), { kind: 'invalid_options', column: 'age' }, /options name columns the data does not have: age/],
    ['a reference with only NaN', () => monitor.registerReference('churn', { format: 'rows', rows: [{ x: null, city: 'a' }] }), { kind: 'no_usable_value', input: 'reference', column: 'x' }, /column "x", row 1: no usable value/],
    ['a duplicate CSV column', () => monitor.registerReference('churn', { format: 'csv', text: 'x,x\n1,2\n' }), { kind: 'malformed', column: 'x' }, /column "x" appears twice/],
  ])('%s', async (_, send, fields, message) => {
    const error = await send().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MonitorInputError);
    expect(error).toMatchObject({ model: 'churn', ...fields });
    expect((error as Error).message).toMatch(message);
    // The refusal changed nothing: the reference stands and the next good batch lands in an empty window.
    const next = await monitor.ingestBatch('churn', { format: 'rows', rows: [{ x: 1, city: 'a' }] });
    expect(next).toMatchObject({ window_rows: 1, rows_seen: 1 });
  });

  let monitor: DriftMonitor;
  beforeEach(async () => {
    ({ monitor } = await monitorWithReference({ windowRows: 10, minWindowRows: 5 }));
  });
  const batch = (input: Parameters<DriftMonitor['ingestBatch']>[1]) => monitor.ingestBatch('churn', input);
});

describe('DriftMonitor: configuration and races', () => {
  it('refuses limits that contradict each other, naming both', () => {
    const store = new InMemoryDriftStore();
    expect(() => new DriftMonitor({ store, windowRows: 100, maxBatchRows: 101 })).toThrow(/maxBatchRows \(101\) must not exceed windowRows \(100\)/);
    expect(() => new DriftMonitor({ store, windowRows: 100, minWindowRows: 101 })).toThrow(/minWindowRows \(101\) must not exceed windowRows \(100\)/);
    expect(() => new DriftMonitor({ store, windowRows: 0 })).toThrow(/windowRows must be a positive integer; found 0/);
    expect(new DriftMonitor({ store, windowRows: 40 })).toMatchObject({ windowRows: 40, minWindowRows: 40, maxBatchRows: 40 });
  });

  it('compares with a reference another replica registered since this one last read it', async () => {
    const store = new InMemoryDriftStore();
    const replicaA = new DriftMonitor({ store, windowRows: 200, minWindowRows: 50 });
    const replicaB = new DriftMonitor({ store, windowRows: 200, minWindowRows: 50 });
    await replicaA.registerReference('churn', { format: 'rows', rows: referenceRows });
    await replicaA.ingestBatch('churn', { format: 'rows', rows: currentRows(0, 60) });
    const replaced = await replicaB.registerReference('churn', { format: 'rows', rows: referenceRows.map((row) => ({ ...row, x: row.x + 500 })) });
    const result = await replicaA.ingestBatch('churn', { format: 'rows', rows: currentRows(0, 60) });
    expect(result).toMatchObject({ accepted_rows: 60, window_rows: 60, report: { reference_id: replaced.reference_id } });
    expect(result.report!.report.dataset.drifted).toBe(true);
  });

  it('refuses a batch typed against a reference that was replaced meanwhile', async () => {
    const store = new (class extends InMemoryDriftStore {
      replaceBeforeAppend = false;
      override async appendToWindow(...args: Parameters<InMemoryDriftStore['appendToWindow']>) {
        if (this.replaceBeforeAppend) await monitor.registerReference('churn', { format: 'rows', rows: referenceRows });
        return super.appendToWindow(...args);
      }
    })();
    const monitor = new DriftMonitor({ store, windowRows: 200 });
    await monitor.registerReference('churn', { format: 'rows', rows: referenceRows });
    store.replaceBeforeAppend = true;
    await expect(monitor.ingestBatch('churn', { format: 'rows', rows: currentRows(0, 5) })).rejects.toMatchObject({ kind: 'reference_replaced' });
    expect(await store.readWindow('churn')).toMatchObject({ rows: [], rowsSeen: 0 });
  });
});

import { compareDatasets } from '../../../services/drift/compare';
import { DriftInputError } from '../../../services/drift/drift-input-error';

const range = (n: number, shift = 0) => Float64Array.from({ length: n }, (_, i) => i + shift);

describe('compareDatasets: the report', () => {
  const report = compareDatasets(
    { columns: { age: range(200), income: range(1500), city: ['a', 'b', 'c', 'a', null] } },
    { columns: { age: range(200, 150), income: range(1500, 1), city: ['a', 'b', 'c', 'c', 'c'] } },
  );

  it('has the documented shape for a p-value test', () => {
    expect(Object.keys(report.columns.age).sort()).toEqual(
      ['current_rows', 'dropped', 'drifted', 'p_value', 'reference_rows', 'statistic', 'stattest', 'threshold', 'type'].sort(),
    );
    expect(report.columns.age).toMatchObject({ type: 'numeric', stattest: 'ks', threshold: 0.05, drifted: true });
  });

  it('has no p_value for a distance', () => {
    expect(report.columns.income.stattest).toBe('wasserstein');
    expect(report.columns.income).not.toHaveProperty('p_value');
    expect(report.columns.income.drifted).toBe(false);
  });

  it('counts missing labels as dropped and compares the rest', () => {
    expect(report.columns.city).toMatchObject({ type: 'categorical', stattest: 'chisquare', reference_rows: 4, current_rows: 5 });
    expect(report.columns.city.dropped).toEqual({ reference: 1, current: 0 });
  });

  it('summarises the dataset', () => {
    const drifted = Object.values(report.columns).filter((column) => column.drifted).length;
    expect(report.dataset).toEqual({ columns: 3, drifted_columns: drifted, drifted_share: drifted / 3, drifted: drifted / 3 >= 0.5 });
  });
});

describe('compareDatasets: verdicts', () => {
  const drifting = { a: range(100), b: range(100) };
  const shifted = { a: range(100, 60), b: range(100) };

  it('drifts the dataset when exactly half of the columns drift', () => {
    const report = compareDatasets({ columns: drifting }, { columns: shifted });
    expect(report.dataset).toMatchObject({ columns: 2, drifted_columns: 1, drifted_share: 0.5, drifted: true });
  });

  it('does not drift the dataset when fewer than half drift', () => {
    const report = compareDatasets({ columns: { ...drifting, c: range(100) } }, { columns: { ...shifted, c: range(100) } });
    expect(report.dataset).toMatchObject({ drifted_columns: 1, drifted: false });
  });

  it('takes a test and a threshold per column', () => {
    const report = compareDatasets({ columns: drifting }, { columns: shifted }, {
      columns: { a: { stattest: 'psi', threshold: 1e6 }, b: { stattest: 'wasserstein', threshold: 0 } },
    });
    expect(report.columns.a).toMatchObject({ stattest: 'psi', threshold: 1e6, drifted: false });
    expect(report.columns.b).toMatchObject({ stattest: 'wasserstein', statistic: 0, drifted: true });
  });

  it('applies each test\'s own comparison: ks drifts at p = threshold, chi-square does not', () => {
    const ref = { x: Float64Array.of(1, 2, 2, 3, 3, 3, 4, 4, 5, 6) };
    const cur = { x: Float64Array.of(2, 3, 3, 4, 4, 4, 5, 6, 6, 7) };
    const ks = compareDatasets({ columns: ref }, { columns: cur }).columns.x;
    expect(compareDatasets({ columns: ref }, { columns: cur }, { columns: { x: { threshold: ks.p_value } } }).columns.x.drifted).toBe(true);
    const chi = compareDatasets({ columns: ref }, { columns: cur }, { columns: { x: { stattest: 'chisquare' } } }).columns.x;
    const atP = compareDatasets({ columns: ref }, { columns: cur }, { columns: { x: { stattest: 'chisquare', threshold: chi.p_value } } });
    expect(atP.columns.x.drifted).toBe(false);
  });

  it('reports an infinite chi-square statistic (p = 0) when a value is new, and JSON writes it as null', () => {
    const report = compareDatasets({ columns: { x: ['a', 'b', 'a'] } }, { columns: { x: ['a', 'b', 'z'] } }, {
      columns: { x: { stattest: 'chisquare' } },
    });
    expect(report.columns.x).toMatchObject({ statistic: Infinity, p_value: 0, drifted: true });
    expect(JSON.parse(JSON.stringify(report)).columns.x.statistic).toBeNull();
  });

  it('gives p = 1 for chi-square on a single shared value (scipy: NaN), which never drifts', () => {
    const report = compareDatasets({ columns: { x: ['a', 'a'] } }, { columns: { x: ['a'] } }, { columns: { x: { stattest: 'chisquare' } } });
    expect(report.columns.x).toMatchObject({ statistic: 0, p_value: 1, drifted: false });
  });

  it('drops NaN and ±Infinity and counts them', () => {
    const report = compareDatasets(
      { columns: { x: Float64Array.of(1, NaN, 2, Infinity, 3, 4, 5, 6) } },
      { columns: { x: Float64Array.of(-Infinity, 1, 2, 3, 4, 5, 6, NaN, NaN) } },
    );
    expect(report.columns.x).toMatchObject({ reference_rows: 6, current_rows: 6, dropped: { reference: 2, current: 3 }, p_value: 1 });
  });

  it('repeats the prediction column\'s verdict as prediction drift', () => {
    const report = compareDatasets({ columns: drifting }, { columns: shifted }, { columns: { a: { role: 'prediction' } } });
    expect(report.prediction).toEqual({ column: 'a', drifted: true });
    expect(report.columns.a.role).toBe('prediction');
    expect(report.columns.b).not.toHaveProperty('role');
  });
});

describe('compareDatasets: input it refuses', () => {
  const refuse = (fn: () => unknown) => {
    try {
      fn();
    } catch (error) {
      expect(error).toBeInstanceOf(DriftInputError);
      return (error as Error).message;
    }
    throw new Error('expected a DriftInputError');
  };

  it('names columns present on one side only', () => {
    expect(refuse(() => compareDatasets({ columns: { a: range(3), b: range(3) } }, { columns: { a: range(3), c: range(3) } }))).toBe(
      'column names differ between reference and current (only in the reference: b; only in the current data: c)',
    );
  });

  it('names a column without any usable value', () => {
    expect(refuse(() => compareDatasets({ columns: { a: range(3) } }, { columns: { a: Float64Array.of(NaN, Infinity) } }))).toBe(
      'column "a" has no usable value in the current data (2 missing, NaN or infinite)',
    );
  });

  it('refuses labels in a numeric column', () => {
    expect(refuse(() => compareDatasets({ columns: { a: ['x'] } }, { columns: { a: ['y'] } }, { columns: { a: { type: 'numeric' } } }))).toMatch(
      /column "a" is numeric but holds labels/,
    );
  });

  it('refuses numbers on one side and labels on the other', () => {
    expect(refuse(() => compareDatasets({ columns: { a: range(3) } }, { columns: { a: ['1', '2'] } }))).toBe(
      'column "a" holds numbers on one side and labels on the other',
    );
  });

  it('refuses a test that does not apply to the column type', () => {
    expect(refuse(() => compareDatasets({ columns: { a: ['x'] } }, { columns: { a: ['y'] } }, { columns: { a: { stattest: 'ks' } } }))).toBe(
      'column "a": test "ks" applies to numeric columns, not categorical',
    );
  });

  it('refuses options for columns the data does not have', () => {
    expect(refuse(() => compareDatasets({ columns: { a: range(3) } }, { columns: { a: range(3) } }, { columns: { nope: {} } }))).toBe(
      'options name columns the data does not have: nope',
    );
  });

  it('refuses two prediction columns', () => {
    const options = { columns: { a: { role: 'prediction' as const }, b: { role: 'prediction' as const } } };
    expect(refuse(() => compareDatasets({ columns: { a: range(3), b: range(3) } }, { columns: { a: range(3), b: range(3) } }, options))).toMatch(
      /only one column can have the role "prediction"/,
    );
  });
});

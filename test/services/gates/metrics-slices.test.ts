import { accuracy } from '../../../services/gates/metrics/accuracy';
import { logLoss } from '../../../services/gates/metrics/log-loss';
import { METRIC_DIRECTIONS, type MetricResult } from '../../../services/gates/metrics/metric-result';
import { MetricsInputError } from '../../../services/gates/metrics/metrics-input-error';
import { f1 } from '../../../services/gates/metrics/precision-recall-f1';
import { r2, rmse } from '../../../services/gates/metrics/regression';
import { rocAuc } from '../../../services/gates/metrics/roc-auc';
import type { RowSubset } from '../../../services/gates/metrics/row-subset';
import { type SliceReport, metricBySlice } from '../../../services/gates/metrics/slices';
import { expectMatchesSklearn, readMetricFixture } from './metric-fixtures';

interface ExpectedSlices {
  values: { slice: string; value: number | null }[];
  worst: { slice: string; value: number } | null;
  gap: number | null;
}

interface SliceFixture {
  classification: {
    truth: number[];
    predicted: number[];
    classes: number[];
    probabilities: number[][];
    slice_column: string[];
    slices: string[];
    expected: Record<'accuracy' | 'f1_macro' | 'roc_auc' | 'log_loss', ExpectedSlices>;
  };
  regression: {
    truth: number[];
    predicted: number[];
    slice_column: string[];
    slices: string[];
    expected: Record<'rmse' | 'r2', ExpectedSlices>;
  };
}

const fixture = readMetricFixture<SliceFixture>('slices.json');

function expectReportMatches(report: SliceReport, expected: ExpectedSlices): void {
  expect(report.slices.map(({ slice }) => slice)).toEqual(expected.values.map(({ slice }) => slice));
  report.slices.forEach(({ result }, index) => expectMatchesSklearn(result, expected.values[index].value));
  if (expected.worst === null) {
    expect(report.worst.defined).toBe(false);
  } else {
    expect(report.worst).toMatchObject({ defined: true, slice: expected.worst.slice });
    expectMatchesSklearn(report.worst as MetricResult, expected.worst.value);
  }
  expectMatchesSklearn(report.gap, expected.gap);
}

describe('classifier metrics per region (scikit-learn 1.9.1 on each slice)', () => {
  const { truth, predicted, classes, probabilities, slice_column: column, slices, expected } = fixture.classification;
  const proba = { classes, values: probabilities };
  const metrics: Record<keyof typeof expected, [(rows: RowSubset) => MetricResult, keyof typeof METRIC_DIRECTIONS]> = {
    accuracy: [(rows) => accuracy(rows.labels(truth), rows.labels(predicted)), 'accuracy'],
    f1_macro: [(rows) => f1(rows.labels(truth), rows.labels(predicted), { average: 'macro' }), 'f1'],
    roc_auc: [(rows) => rocAuc(rows.labels(truth), rows.probabilities(proba)), 'rocAuc'],
    log_loss: [(rows) => logLoss(rows.labels(truth), rows.probabilities(proba)), 'logLoss'],
  };

  it.each(Object.keys(metrics) as (keyof typeof expected)[])('%s: every slice, the worst slice and the gap match', (name) => {
    const [evaluate, metric] = metrics[name];
    expectReportMatches(metricBySlice(column, evaluate, { direction: METRIC_DIRECTIONS[metric], slices }), expected[name]);
  });

  it('reports the empty slice and the one-class slice as undefined with their reasons', () => {
    const report = metricBySlice(column, metrics.roc_auc[0], { direction: 'higher-is-better', slices });
    expect(report.slices.filter(({ result }) => !result.defined)).toEqual([
      { slice: 'latam', rows: 0, result: { defined: false, reason: 'the slice has no rows' } },
      { slice: 'mena', rows: expect.any(Number), result: { defined: false, reason: expect.stringContaining('only one class (0)') } },
    ]);
  });

  it('without a slice list, reports every value in the column, sorted', () => {
    const report = metricBySlice(column, metrics.accuracy[0], { direction: 'higher-is-better' });
    expect(report.slices.map(({ slice }) => slice)).toEqual(['apac', 'eu', 'mena', 'us']);
    expect(report.slices.reduce((sum, { rows }) => sum + rows, 0)).toBe(column.length);
    expect(report.unsliced).toBe(0);
  });
});

describe('regressor metrics per size (scikit-learn 1.9.1 on each slice)', () => {
  const { truth, predicted, slice_column: column, slices, expected } = fixture.regression;
  it('RMSE: the worst slice is the one with the largest error', () => {
    const report = metricBySlice(column, (rows) => rmse(rows.numbers(truth), rows.numbers(predicted)), { direction: 'lower-is-better', slices });
    expectReportMatches(report, expected.rmse);
  });

  it('R²: the one-row slice is undefined and left out of the gap', () => {
    const report = metricBySlice(column, (rows) => r2(rows.numbers(truth), rows.numbers(predicted)), { direction: 'higher-is-better', slices });
    expectReportMatches(report, expected.r2);
  });
});

describe('metricBySlice', () => {
  const truth = [1, 0, 1, 1, 0, 1];
  const predicted = [1, 0, 0, 1, 1, 1];
  const evaluate = (rows: RowSubset) => accuracy(rows.labels(truth), rows.labels(predicted));

  it('puts missing values (null, undefined, NaN) in one null slice, after the others', () => {
    const report = metricBySlice([2, null, 1, undefined, Number.NaN, 1], evaluate, { direction: 'higher-is-better' });
    expect(report.slices).toEqual([
      { slice: 1, rows: 2, result: { defined: true, value: 0.5 } },
      { slice: 2, rows: 1, result: { defined: true, value: 1 } },
      { slice: null, rows: 3, result: { defined: true, value: 2 / 3 } },
    ]);
    expect(report.worst).toEqual({ defined: true, slice: 1, value: 0.5 });
    expect(report.gap).toEqual({ defined: true, value: 0.5 });
  });

  it('counts rows outside the listed slices instead of inventing slices for them', () => {
    const report = metricBySlice(['a', 'b', 'a', 'c', 'c', 'a'], evaluate, { direction: 'higher-is-better', slices: ['c', 'a'] });
    expect(report.slices.map(({ slice, rows }) => [slice, rows])).toEqual([['c', 2], ['a', 3]]);
    expect(report.unsliced).toBe(1);
  });

  it('has no worst slice and no gap when no slice has a value', () => {
    const report = metricBySlice([], evaluate, { direction: 'higher-is-better', slices: ['a'] });
    expect(report.worst).toEqual({ defined: false, reason: 'no slice has a defined value' });
    expect(report.gap).toEqual({ defined: false, reason: 'the gap needs at least two slices with a defined value; 0 of 1 have one' });
  });

  it.each<[string, () => unknown, RegExp]>([
    ['an object as slice value', () => metricBySlice([{}] as never, evaluate, { direction: 'higher-is-better' }), /slice column\[0\] is object/],
    ['a slice listed twice', () => metricBySlice(['a'], evaluate, { direction: 'higher-is-better', slices: ['a', 'a'] }), /options.slices lists "a" twice/],
    ['a slice column longer than the data', () => metricBySlice(['a', 'a', 'a', 'a', 'a', 'a', 'a'], evaluate, { direction: 'higher-is-better' }), /labels has 6 rows but the slice column has 7/],
  ])('refuses %s', (_, call, message) => {
    expect(call).toThrow(MetricsInputError);
    expect(call).toThrow(message);
  });
});

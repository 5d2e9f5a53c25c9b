import { MetricsInputError } from '../../../services/gates/metrics/metrics-input-error';
import { mae, r2, rmse } from '../../../services/gates/metrics/regression';
import { expectMatchesSklearn, readMetricFixture } from './metric-fixtures';

interface RegressionCase {
  name: string;
  truth: number[];
  predicted: number[];
  rmse: number;
  mae: number;
  r2: number | null;
}

const { cases } = readMetricFixture<{ cases: RegressionCase[] }>('regression.json');

describe.each(cases)('$name (scikit-learn 1.9.1)', (fixture) => {
  it.each([
    ['RMSE matches root_mean_squared_error', rmse, fixture.rmse],
    ['MAE matches mean_absolute_error', mae, fixture.mae],
    ['R² matches r2_score', r2, fixture.r2],
  ] as const)('%s', (_, metric, expected) => {
    expectMatchesSklearn(metric(fixture.truth, fixture.predicted), expected);
    expectMatchesSklearn(metric(Float64Array.from(fixture.truth), Float64Array.from(fixture.predicted)), expected);
  });
});

describe('R² edge cases', () => {
  it('constant truth: 0 for imperfect predictions, with a warning that says why', () => {
    expect(r2([2, 2, 2], [1, 2, 3])).toEqual({ defined: true, value: 0, warnings: [expect.stringContaining('truth is constant (2)')] });
  });

  it('treats an exactly constant truth as constant even where its float mean is not exact', () => {
    // sklearn's mean of [0.1, 0.1, 0.1] is 0.10000000000000002, so it divides by ~1e-34 and returns −1.73e31.
    expect(r2([0.1, 0.1, 0.1], [0.1, 0.1, 0.2])).toMatchObject({ defined: true, value: 0 });
  });

  it('one row: undefined with the reason, as sklearn returns NaN', () => {
    expect(r2([1], [1])).toEqual({ defined: false, reason: expect.stringContaining('fewer than two rows (got 1)') });
  });

  it('no rows: RMSE and MAE undefined', () => {
    expect(rmse([], [])).toEqual({ defined: false, reason: 'RMSE of no rows is undefined' });
    expect(mae([], [])).toEqual({ defined: false, reason: 'MAE of no rows is undefined' });
  });

  it.each<[string, () => unknown, RegExp]>([
    ['a NaN prediction', () => rmse([1, 2], [1, Number.NaN]), /predicted\[1\] is NaN: regression metrics need finite numbers/],
    ['an infinite target', () => mae([Infinity], [1]), /truth\[0\] is Infinity/],
    ['different lengths', () => r2([1, 2, 3], [1, 2]), /truth has 3 rows but predicted has 2/],
  ])('refuses %s', (_, call, message) => {
    expect(call).toThrow(MetricsInputError);
    expect(call).toThrow(message);
  });
});

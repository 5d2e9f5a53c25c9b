import type { ClassLabel } from '../../../services/gates/metrics/class-labels';
import { logLoss } from '../../../services/gates/metrics/log-loss';
import { MetricsInputError } from '../../../services/gates/metrics/metrics-input-error';
import { expectMatchesSklearn, readMetricFixture, warningsOf } from './metric-fixtures';

interface LogLossCase {
  name: string;
  truth: ClassLabel[];
  classes: ClassLabel[];
  probabilities: number[][];
  expected: number;
  warned: boolean;
}

const { cases } = readMetricFixture<{ cases: LogLossCase[] }>('log-loss.json');

describe.each(cases)('$name (log_loss, scikit-learn 1.9.1)', (fixture) => {
  it('matches, warning exactly where sklearn warns', () => {
    const result = logLoss(fixture.truth, { classes: fixture.classes, values: fixture.probabilities });
    expectMatchesSklearn(result, fixture.expected);
    expect(warningsOf(result).length > 0).toBe(fixture.warned);
  });
});

describe('log loss', () => {
  it('clips a zero probability of the true class to float64 epsilon, as sklearn 1.9', () => {
    const result = logLoss([1, 0], { classes: [0, 1], values: [[1, 0], [1, 0]] });
    expect(result).toEqual({ defined: true, value: -Math.log(Number.EPSILON) / 2 });
  });

  it('does not renormalise rows, and warns about them', () => {
    const result = logLoss(['a'], { classes: ['a', 'b'], values: [[0.25, 0.25]] });
    expect(result).toEqual({ defined: true, value: Math.log(4), warnings: [expect.stringContaining('row 0 sums to 0.5')] });
  });

  it('is undefined for no rows', () => {
    expect(logLoss([], { classes: [0, 1], values: [] })).toEqual({ defined: false, reason: 'log loss of no rows is undefined' });
  });

  it.each<[string, () => unknown, RegExp]>([
    ['a probability above 1', () => logLoss([0, 1], { classes: [0, 1], values: [[0.5, 0.5], [-0.5, 1.5]] }), /row 1, column 0 \(class 0\) is -0\.5: log loss needs probabilities between 0 and 1/],
    ['a label outside the classes', () => logLoss([0, 3], { classes: [0, 1], values: [[0.5, 0.5], [0.5, 0.5]] }), /truth\[1\] is 3, which is not one of the model's classes \[0, 1\]/],
    ['rows that do not match truth', () => logLoss([0], { classes: [0, 1], values: [[0.5, 0.5], [0.5, 0.5]] }), /truth has 1 rows but probabilities has 2/],
  ])('refuses %s', (_, call, message) => {
    expect(call).toThrow(MetricsInputError);
    expect(call).toThrow(message);
  });
});

import { accuracy } from '../../../services/gates/metrics/accuracy';
import type { ClassLabel } from '../../../services/gates/metrics/class-labels';
import { predictedClasses } from '../../../services/gates/metrics/class-probabilities';
import { MetricsInputError } from '../../../services/gates/metrics/metrics-input-error';
import { type Averaging, f1, precision, precisionRecallF1, recall } from '../../../services/gates/metrics/precision-recall-f1';
import { expectMatchesSklearn, readMetricFixture, warningsOf } from './metric-fixtures';

type Scores = Record<'precision' | 'recall' | 'f1', { value: number; warned: boolean }>;

interface ClassificationCase {
  name: string;
  truth: ClassLabel[];
  predicted: ClassLabel[];
  accuracy: number;
  positive_label?: ClassLabel;
  macro: Scores;
  micro: Scores;
  weighted: Scores;
  binary?: Scores;
}

const { cases } = readMetricFixture<{ cases: ClassificationCase[] }>('classification.json');

describe.each(cases)('$name (scikit-learn 1.9.1)', (fixture) => {
  it('accuracy matches accuracy_score', () => {
    expectMatchesSklearn(accuracy(fixture.truth, fixture.predicted), fixture.accuracy);
  });

  const averages = (['macro', 'micro', 'weighted', 'binary'] as const).filter((average) => fixture[average] !== undefined);
  it.each(averages)('precision, recall and F1 with average "%s" match, warning exactly where sklearn warns', (average) => {
    const averaging: Averaging = average === 'binary' ? { average, positiveLabel: fixture.positive_label } : { average };
    const results = precisionRecallF1(fixture.truth, fixture.predicted, averaging);
    for (const metric of ['precision', 'recall', 'f1'] as const) {
      const expected = fixture[average]![metric];
      expectMatchesSklearn(results[metric], expected.value);
      expect({ metric, warned: warningsOf(results[metric]).length > 0 }).toEqual({ metric, warned: expected.warned });
    }
  });
});

describe('precision, recall and F1', () => {
  it('single-metric functions agree with the combined one', () => {
    const { truth, predicted } = cases[2];
    const combined = precisionRecallF1(truth, predicted, { average: 'weighted' });
    expect(precision(truth, predicted, { average: 'weighted' })).toEqual(combined.precision);
    expect(recall(truth, predicted, { average: 'weighted' })).toEqual(combined.recall);
    expect(f1(truth, predicted, { average: 'weighted' })).toEqual(combined.f1);
  });

  it('a class never predicted counts as precision 0 and says which class', () => {
    const result = precision([0, 1, 2, 2], [0, 1, 1, 1], { average: 'macro' });
    expect(result).toEqual({ defined: true, value: (1 + 1 / 3 + 0) / 3, warnings: [expect.stringContaining('class 2 is never predicted')] });
  });

  it('binary averaging defaults to positive label 1, as sklearn', () => {
    expect(recall([0, 1, 1, 0], [0, 1, 0, 0], { average: 'binary' })).toEqual({ defined: true, value: 0.5 });
  });

  it('is undefined for no rows instead of NaN', () => {
    expect(f1([], [], { average: 'macro' })).toEqual({ defined: false, reason: expect.stringContaining('no rows') });
    expect(accuracy([], [])).toEqual({ defined: false, reason: expect.stringContaining('no rows') });
  });

  it.each<[string, () => unknown, RegExp]>([
    ['different lengths', () => accuracy([1, 0], [1]), /truth has 2 rows but predicted has 1/],
    ['a fractional label', () => accuracy([1, 0.5], [1, 0]), /truth\[1\] is 0\.5: class labels must be integers or strings/],
    ['a NaN label', () => accuracy([1, 0], [Number.NaN, 0]), /predicted\[0\] is NaN/],
    ['strings mixed with numbers', () => accuracy(['1', '0'], ['1', 0]), /predicted\[1\] is the number 0 but earlier labels are strings/],
    ['binary averaging of three classes', () => f1([0, 1, 2], [0, 1, 1], { average: 'binary' }), /at most two classes.*\[0, 1, 2\].*macro/],
    ['a positive label not among two classes', () => f1(['a', 'b'], ['a', 'a'], { average: 'binary', positiveLabel: 'c' }), /positiveLabel "c" is not one of the classes \["a", "b"\]/],
  ])('refuses %s with a message naming the argument', (_, call, message) => {
    expect(call).toThrow(MetricsInputError);
    expect(call).toThrow(message);
  });
});

describe('predictedClasses', () => {
  it('takes the most probable class of each row, the first on a tie, like predict', () => {
    const predicted = predictedClasses({ classes: ['b', 'a', 'c'], values: [[0.2, 0.5, 0.3], [0.4, 0.4, 0.2], [0, 0, 1]] });
    expect(predicted).toEqual(['a', 'b', 'c']);
  });
});

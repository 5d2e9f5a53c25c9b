import type { ClassLabel } from '../../../services/gates/metrics/class-labels';
import { MetricsInputError } from '../../../services/gates/metrics/metrics-input-error';
import { binaryRocAuc, rocAuc } from '../../../services/gates/metrics/roc-auc';
import { expectMatchesSklearn, readMetricFixture } from './metric-fixtures';

interface AucCase {
  name: string;
  truth: ClassLabel[];
  classes: ClassLabel[];
  probabilities: number[][];
  positive_label?: ClassLabel;
  expected: { binary?: number | null; macro?: number | null; weighted?: number | null };
}

interface ScoreCase {
  name: string;
  truth: ClassLabel[];
  scores: number[];
  expected: number;
}

const { cases, score_cases } = readMetricFixture<{ cases: AucCase[]; score_cases: ScoreCase[] }>('roc-auc.json');

describe.each(cases)('$name (roc_auc_score, scikit-learn 1.9.1)', (fixture) => {
  const probabilities = { classes: fixture.classes, values: fixture.probabilities };

  if (fixture.expected.binary !== undefined) {
    it('binary AUC of the positive column matches', () => {
      expectMatchesSklearn(rocAuc(fixture.truth, probabilities, { positiveLabel: fixture.positive_label }), fixture.expected.binary!);
    });
  } else {
    it.each(['macro', 'weighted'] as const)('one-vs-rest, average "%s" matches', (average) => {
      expectMatchesSklearn(rocAuc(fixture.truth, probabilities, { average }), fixture.expected[average]!);
    });
  }

  it('gives the same result from a row-major Float64Array', () => {
    const flat = { classes: fixture.classes, values: Float64Array.from(fixture.probabilities.flat()) };
    expect(rocAuc(fixture.truth, flat, { average: 'weighted' })).toEqual(rocAuc(fixture.truth, probabilities, { average: 'weighted' }));
  });
});

describe.each(score_cases)('binaryRocAuc: $name (scikit-learn 1.9.1)', (fixture) => {
  it('matches roc_auc_score of the raw scores', () => {
    expectMatchesSklearn(binaryRocAuc(fixture.truth, fixture.scores), fixture.expected);
  });
});

describe('ROC AUC where sklearn has no value', () => {
  it('one class in truth: undefined, naming the class', () => {
    expect(binaryRocAuc([1, 1, 1], [0.2, 0.4, 0.9])).toEqual({
      defined: false,
      reason: 'only one class (1) is present in truth: ROC AUC is undefined (sklearn warns and returns NaN)',
    });
    const threeClasses = { classes: ['a', 'b', 'c'], values: [[0.2, 0.3, 0.5], [0.1, 0.1, 0.8]] };
    expect(rocAuc(['c', 'c'], threeClasses, { average: 'weighted' })).toEqual({ defined: false, reason: expect.stringContaining('only one class ("c")') });
  });

  it('a class with no true rows: macro undefined, weighted gives it no weight', () => {
    const probabilities = { classes: [0, 1, 2], values: [[0.6, 0.3, 0.1], [0.2, 0.7, 0.1], [0.5, 0.4, 0.1], [0.3, 0.3, 0.4]] };
    expect(rocAuc([0, 1, 0, 1], probabilities)).toEqual({ defined: false, reason: expect.stringContaining('[2] have no rows in truth') });
    expect(rocAuc([0, 1, 0, 1], probabilities, { average: 'weighted' })).toEqual({ defined: true, value: 0.8125 }); // sklearn: 0.8125
  });

  it('no rows: undefined', () => {
    expect(rocAuc([], { classes: [0, 1], values: new Float64Array(0) })).toEqual({ defined: false, reason: 'ROC AUC of no rows is undefined' });
  });
});

describe('ROC AUC refuses input it cannot score', () => {
  it.each<[string, () => unknown, RegExp]>([
    ['multi-class rows that are not probabilities', () => rocAuc([0, 1, 2], { classes: [0, 1, 2], values: [[0.2, 0.3, 0.5], [1, 1, 1], [0, 0, 1]] }), /probabilities row 1 sums to 3/],
    ['a truth label the model has no column for', () => rocAuc(['a', 'z'], { classes: ['a', 'b'], values: [[0.5, 0.5], [0.5, 0.5]] }), /truth\[1\] is "z", which is not one of the model's classes \["a", "b"\]/],
    ['a non-finite probability', () => rocAuc([0, 1], { classes: [0, 1], values: [[0.5, Number.NaN], [0.5, 0.5]] }), /row 0, column 1 is NaN/],
    ['a ragged row', () => rocAuc([0, 1], { classes: [0, 1], values: [[0.5, 0.5], [1]] }), /values\[1\] has 1 values: expected one per class \(2\)/],
    ['a flat array of the wrong size', () => rocAuc([0, 1], { classes: [0, 1], values: new Float64Array(3) }), /3 numbers, not a multiple of the 2 classes/],
    ['duplicate classes', () => rocAuc([0, 1], { classes: [0, 0], values: [[1, 0], [0, 1]] }), /classes lists 0 twice/],
    ['a single class', () => rocAuc([0], { classes: [0], values: [[1]] }), /needs at least 2 columns/],
    ['three classes given to binaryRocAuc', () => binaryRocAuc([0, 1, 2], [0.1, 0.2, 0.3]), /at most two classes in truth, found 3/],
    ['a NaN score', () => binaryRocAuc([0, 1], [0.1, Number.NaN]), /scores\[1\] is NaN/],
    ['a positive label that is not a class', () => binaryRocAuc([0, 1], [0.1, 0.2], { positiveLabel: 5 }), /positiveLabel 5 is not one of the classes in truth \[0, 1\]/],
  ])('%s', (_, call, message) => {
    expect(call).toThrow(MetricsInputError);
    expect(call).toThrow(message);
  });
});

import fc from 'fast-check';
import { accuracy } from '../../../services/gates/metrics/accuracy';
import { logLoss } from '../../../services/gates/metrics/log-loss';
import type { MetricResult } from '../../../services/gates/metrics/metric-result';
import { precisionRecallF1 } from '../../../services/gates/metrics/precision-recall-f1';
import { mae, r2, rmse } from '../../../services/gates/metrics/regression';
import { binaryRocAuc } from '../../../services/gates/metrics/roc-auc';
import { metricBySlice } from '../../../services/gates/metrics/slices';

function valueOf(result: MetricResult): number {
  if (!result.defined) throw new Error(`undefined metric: ${result.reason}`);
  return result.value;
}

/** Binary truth with both classes and integer scores in a small range, so that ties are common. */
const scoredRows = fc
  .array(fc.record({ positive: fc.boolean(), score: fc.integer({ min: -20, max: 20 }) }), { minLength: 2, maxLength: 80 })
  .filter((rows) => rows.some((r) => r.positive) && rows.some((r) => !r.positive));

const labelPairs = fc.array(fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 })), { minLength: 1, maxLength: 100 });

describe('metric properties (fast-check)', () => {
  it('perfect predictions score 1 on accuracy and on every averaged precision, recall and F1', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: -3, max: 3 }), fc.constantFrom('a', 'b', '\u0000', '\ud800')), { minLength: 1 }), (raw) => {
        const labels = raw.every((v) => typeof v === 'number') ? raw : raw.map(String);
        expect(valueOf(accuracy(labels, labels))).toBe(1);
        for (const average of ['macro', 'micro', 'weighted'] as const) {
          const { precision, recall, f1 } = precisionRecallF1(labels, labels, { average });
          expect([valueOf(precision), valueOf(recall), valueOf(f1)]).toEqual([1, 1, 1]);
        }
      }),
    );
  });

  it('micro-averaged F1 equals accuracy, and renaming classes to strings changes no average', () => {
    fc.assert(
      fc.property(labelPairs, (pairs) => {
        const truth = pairs.map(([t]) => t);
        const predicted = pairs.map(([, p]) => p);
        const scores = precisionRecallF1(truth, predicted, { average: 'micro' });
        expect(Math.abs(valueOf(scores.f1) - valueOf(accuracy(truth, predicted)))).toBeLessThan(1e-15);
        const named = (v: number) => `class-${9 - v}`;
        for (const average of ['macro', 'weighted'] as const) {
          const numeric = precisionRecallF1(truth, predicted, { average });
          const strings = precisionRecallF1(truth.map(named), predicted.map(named), { average });
          expect(Math.abs(valueOf(strings.f1) - valueOf(numeric.f1))).toBeLessThan(1e-12);
        }
      }),
    );
  });

  it('ROC AUC is the Mann–Whitney probability that a positive outscores a negative, ties counting half', () => {
    fc.assert(
      fc.property(scoredRows, (rows) => {
        const positives = rows.filter((r) => r.positive).map((r) => r.score);
        const negatives = rows.filter((r) => !r.positive).map((r) => r.score);
        let wins = 0;
        for (const p of positives) for (const n of negatives) wins += p > n ? 1 : p === n ? 0.5 : 0;
        const auc = valueOf(binaryRocAuc(rows.map((r) => Number(r.positive)), rows.map((r) => r.score)));
        expect(Math.abs(auc - wins / (positives.length * negatives.length))).toBeLessThan(1e-12);
      }),
    );
  });

  it('ROC AUC does not change under strictly increasing transforms of the scores, and flips under reversal', () => {
    fc.assert(
      fc.property(scoredRows, (rows) => {
        const truth = rows.map((r) => (r.positive ? 'yes' : 'no'));
        const scores = rows.map((r) => r.score);
        const auc = valueOf(binaryRocAuc(truth, scores));
        for (const transform of [(s: number) => 2 * s + 7, (s: number) => s ** 3, (s: number) => Math.exp(s / 10)]) {
          expect(Math.abs(valueOf(binaryRocAuc(truth, scores.map(transform))) - auc)).toBeLessThan(1e-12);
        }
        expect(Math.abs(valueOf(binaryRocAuc(truth, scores.map((s) => -s))) - (1 - auc))).toBeLessThan(1e-12);
      }),
    );
  });

  it('log loss is non-negative and does not depend on the order of the model columns', () => {
    const rowsOfThree = fc.array(
      fc.tuple(fc.integer({ min: 0, max: 2 }), fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }))),
      { minLength: 1, maxLength: 50 },
    );
    fc.assert(
      fc.property(rowsOfThree, (rows) => {
        const truth = rows.map(([t]) => ['x', 'y', 'z'][t]);
        // Three probabilities from two cut points on [0, 1].
        const values = rows.map(([, [a, b]]) => [Math.min(a, b), Math.abs(a - b), 1 - Math.max(a, b)]);
        const loss = valueOf(logLoss(truth, { classes: ['x', 'y', 'z'], values }));
        expect(loss).toBeGreaterThanOrEqual(0);
        const permuted = valueOf(logLoss(truth, { classes: ['z', 'x', 'y'], values: values.map(([x, y, z]) => [z, x, y]) }));
        expect(permuted).toBe(loss);
      }),
    );
  });

  it('regression: R² of perfect predictions is 1 and RMSE is never below MAE', () => {
    // Multiples of 1/64: squares of subnormal differences would underflow to 0 and make RMSE < MAE.
    const value = fc.integer({ min: -1e8, max: 1e8 }).map((v) => v / 64);
    const pairs = fc.array(fc.tuple(value, value), { minLength: 2, maxLength: 60 });
    fc.assert(
      fc.property(pairs, (rows) => {
        const truth = rows.map(([t]) => t);
        const predicted = rows.map(([, p]) => p);
        expect(valueOf(r2(truth, truth))).toBe(1);
        expect(valueOf(rmse(truth, predicted))).toBeGreaterThanOrEqual(valueOf(mae(truth, predicted)) * (1 - 1e-12));
      }),
    );
  });

  it('slices partition the rows: their row-weighted accuracy is the overall accuracy, and the gap is never negative', () => {
    const rows = fc.array(fc.tuple(fc.constantFrom('a', 'b', 'c', null), fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 2 })), { minLength: 1, maxLength: 100 });
    fc.assert(
      fc.property(rows, (data) => {
        const column = data.map(([s]) => s);
        const truth = data.map(([, t]) => t);
        const predicted = data.map(([, , p]) => p);
        const report = metricBySlice(column, (r) => accuracy(r.labels(truth), r.labels(predicted)), { direction: 'higher-is-better' });
        const weighted = report.slices.reduce((sum, { rows: n, result }) => sum + n * valueOf(result), 0) / data.length;
        expect(Math.abs(weighted - valueOf(accuracy(truth, predicted)))).toBeLessThan(1e-12);
        if (report.gap.defined) expect(report.gap.value).toBeGreaterThanOrEqual(0);
      }),
    );
  });
});

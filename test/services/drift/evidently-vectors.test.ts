import { compareDatasets } from '../../../services/drift/compare';

/** Vectors from Evidently's own test suite (tests/stattests), which our statistics must reproduce. */
describe("Evidently's published vectors", () => {
  it('PSI of [3, 2, 2] against [1, 2, 3] as categorical is 2.9341472484810085', () => {
    const report = compareDatasets(
      { columns: { x: Float64Array.of(3, 2, 2) } },
      { columns: { x: Float64Array.of(1, 2, 3) } },
      { columns: { x: { type: 'categorical', stattest: 'psi' } } },
    );
    expect(report.columns.x.statistic).toBeCloseTo(2.9341472484810085, 14);
    expect(report.columns.x.drifted).toBe(true);
  });

  it('chi-square of counts [16, 18, 16, 14, 12, 12] against [16, 16, 16, 16, 16, 8] gives p = 0.67309', () => {
    const repeat = (counts: number[]) => Float64Array.from(counts.flatMap((count, i) => Array<number>(count).fill(i + 1)));
    const report = compareDatasets(
      { columns: { x: repeat([16, 18, 16, 14, 12, 12]) } },
      { columns: { x: repeat([16, 16, 16, 16, 16, 8]) } },
      { columns: { x: { type: 'categorical', stattest: 'chisquare' } } },
    );
    expect(report.columns.x.p_value).toBeCloseTo(0.67309, 5);
    expect(report.columns.x.drifted).toBe(false);
  });
});

import type { DatasetInput } from '../../../services/drift/compare';
import { columnDistribution } from '../../../services/drift/output/column-distribution';

/** What the HTML page and the console draw for a column: the bins in order, the shares of each side. */
describe('columnDistribution', () => {
  it('keeps every bin of a histogram in order, even past 20 bins (Sturges gives 21 at 2^20 rows)', () => {
    const rows = 2 ** 20;
    const reference: DatasetInput = { columns: { x: Float64Array.from({ length: rows - 100 }, (_, i) => Math.sqrt(i)) } };
    const current: DatasetInput = { columns: { x: Float64Array.from({ length: 100 }, (_, i) => i) } };
    const { bins, bars } = columnDistribution('x', 'numeric', reference, current);
    if (bins.kind !== 'edges') throw new Error(`expected a histogram, got ${bins.kind}`);
    expect(bars).toHaveLength(21);
    expect(bins.edges).toHaveLength(22);
    expect([...bins.edges].every((edge, i) => i === 0 || edge > bins.edges[i - 1]!)).toBe(true);
    // Shares of sqrt(i) grow bin after bin: a histogram reordered by frequency would not.
    expect(bars.slice(0, -1).every((bar, i) => bar.reference < bars[i + 1]!.reference)).toBe(true);
    expect(bars.reduce((sum, bar) => sum + bar.reference, 0)).toBeCloseTo(1, 12);
    expect(bars.reduce((sum, bar) => sum + bar.current, 0)).toBeCloseTo(1, 12);
  });

  it('gives more than 20 values as the 19 most frequent and one "other" bar with the rest of the shares', () => {
    const labels = (count: number) => Array.from({ length: count }, (_, i) => `v${Math.floor(Math.sqrt(i)) % 30}`);
    const { bins, bars } = columnDistribution('v', 'categorical', { columns: { v: labels(900) } }, { columns: { v: labels(400) } });
    expect(bins.kind).toBe('values');
    expect(bars).toHaveLength(20);
    expect(bars[19]!.label).toBe('other (11 values)');
    expect(bars.reduce((sum, bar) => sum + bar.reference, 0)).toBeCloseTo(1, 12);
    expect(bars.reduce((sum, bar) => sum + bar.current, 0)).toBeCloseTo(1, 12);
  });
});

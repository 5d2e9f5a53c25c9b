import { compareDatasets } from '../../../services/drift/compare';
import { compareEmbeddings } from '../../../services/drift/embeddings';
import { type SampleSpec, materialize, readFixture, relativeError } from './fixture-data';

interface EmbeddingCase {
  name: string;
  dimensions: number;
  reference: SampleSpec;
  current: SampleSpec;
  current_shift: { components: number; by: number };
  expected: { centroid_distance: number; drifted_share: number };
}

const { cases } = readFixture<{ cases: EmbeddingCase[] }>('embeddings.json');

function matrix(spec: SampleSpec, dimensions: number, shift = { components: 0, by: 0 }) {
  const values = materialize(spec) as Float64Array;
  for (let k = 0; k < values.length; k++) if (k % dimensions < shift.components) values[k] += shift.by;
  return { rows: values.length / dimensions, dimensions, values };
}

describe('embedding drift against numpy/scipy', () => {
  it.each(cases)('$name', ({ dimensions, reference, current, current_shift, expected }) => {
    const report = compareEmbeddings('e', matrix(reference, dimensions), matrix(current, dimensions, current_shift));
    expect(relativeError(report.centroid_distance.value, expected.centroid_distance)).toBeLessThanOrEqual(1e-9);
    expect(report.drifted_components.share).toBe(expected.drifted_share);
    expect(report.drifted).toBe(expected.centroid_distance > 0.2 || expected.drifted_share > 0.2);
  });
});

describe('embedding drift', () => {
  const ref = { rows: 4, dimensions: 2, values: Float64Array.of(0, 0, 1, 1, 0, 1, 1, 0) };

  it('drops vectors with a non-finite component and counts them', () => {
    const cur = { rows: 3, dimensions: 2, values: Float64Array.of(0, 0, NaN, 1, 1, 1) };
    const report = compareEmbeddings('e', ref, cur);
    expect(report).toMatchObject({ reference_rows: 4, current_rows: 2, dropped: { reference: 0, current: 1 } });
  });

  it('uses Evidently\'s thresholds unless told otherwise', () => {
    const report = compareEmbeddings('e', ref, ref, { distanceThreshold: 0.5 });
    expect(report.centroid_distance).toEqual({ value: 0, threshold: 0.5, drifted: false });
    expect(report.drifted_components).toEqual({ share: 0, component_stattest: 'wasserstein', component_threshold: 0.1, threshold: 0.2, drifted: false });
  });

  it('appears in the dataset report beside the columns, without counting as a column', () => {
    const report = compareDatasets(
      { columns: { a: Float64Array.of(1, 2, 3) }, embeddings: { e: ref } },
      { columns: { a: Float64Array.of(1, 2, 3) }, embeddings: { e: { ...ref, values: ref.values.map((v) => v + 1) } } },
    );
    expect(report.embeddings?.e.centroid_distance.value).toBeCloseTo(Math.SQRT2, 15);
    expect(report.embeddings?.e.drifted).toBe(true);
    expect(report.dataset.columns).toBe(1);
  });

  it('refuses vectors of different dimensions', () => {
    expect(() => compareEmbeddings('e', ref, { rows: 1, dimensions: 3, values: Float64Array.of(1, 2, 3) })).toThrow(
      'embedding "e" has 2 dimensions in the reference but 3 in the current data',
    );
  });
});

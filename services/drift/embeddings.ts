import { DriftInputError } from './drift-input-error';
import type { EmbeddingDriftReport } from './report';
import { normalizedWasserstein } from './stattests/wasserstein';

/** Vectors, one per row, stored row-major: `values[row * dimensions + component]`. */
export interface EmbeddingMatrix {
  readonly rows: number;
  readonly dimensions: number;
  readonly values: Float64Array;
}

/** Thresholds of the two embedding drift measures; the defaults are Evidently's. */
export interface EmbeddingOptions {
  /**
   * Centroid distance above which the embedding drifts (Evidently `distance()` without bootstrap).
   * @default 0.2
   */
  readonly distanceThreshold?: number;
  /**
   * Normalised Wasserstein distance at which one component counts as drifted (Evidently `ratio()`).
   * @default 0.1
   */
  readonly componentThreshold?: number;
  /**
   * Share of drifted components above which the embedding drifts (Evidently `ratio()`).
   * @default 0.2
   */
  readonly driftedShareThreshold?: number;
}

/**
 * Drift of an embedding column (vectors from an LLM or a RAG retriever) by two of Evidently's methods:
 * the Euclidean distance between the reference and current centroids, and the share of components that
 * drift on their own by normalised Wasserstein distance. Rows with a non-finite component are dropped.
 */
export function compareEmbeddings(
  name: string,
  reference: EmbeddingMatrix,
  current: EmbeddingMatrix,
  options: EmbeddingOptions = {},
): EmbeddingDriftReport {
  if (reference.dimensions !== current.dimensions) {
    throw new DriftInputError(
      `embedding "${name}" has ${reference.dimensions} dimensions in the reference but ${current.dimensions} in the current data`,
      name,
    );
  }
  const distanceThreshold = options.distanceThreshold ?? 0.2;
  const componentThreshold = options.componentThreshold ?? 0.1;
  const shareThreshold = options.driftedShareThreshold ?? 0.2;
  const ref = finiteRows(name, 'reference', reference);
  const cur = finiteRows(name, 'current', current);
  const dimensions = reference.dimensions;

  let squaredDistance = 0;
  let driftedComponents = 0;
  for (let c = 0; c < dimensions; c++) {
    const refComponent = component(ref.matrix, c);
    const curComponent = component(cur.matrix, c);
    squaredDistance += (mean(refComponent) - mean(curComponent)) ** 2;
    if (normalizedWasserstein(refComponent.sort(), curComponent.sort()) >= componentThreshold) driftedComponents++;
  }
  const distance = Math.sqrt(squaredDistance);
  const share = driftedComponents / dimensions;
  const centroid = { value: distance, threshold: distanceThreshold, drifted: distance > distanceThreshold };
  const components = {
    share,
    component_stattest: 'wasserstein' as const,
    component_threshold: componentThreshold,
    threshold: shareThreshold,
    drifted: share > shareThreshold,
  };
  return {
    dimensions,
    reference_rows: ref.matrix.rows,
    current_rows: cur.matrix.rows,
    dropped: { reference: ref.dropped, current: cur.dropped },
    centroid_distance: centroid,
    drifted_components: components,
    drifted: centroid.drifted || components.drifted,
  };
}

function finiteRows(name: string, side: string, matrix: EmbeddingMatrix): { matrix: EmbeddingMatrix; dropped: number } {
  const { rows, dimensions, values } = matrix;
  if (values.length !== rows * dimensions) {
    throw new DriftInputError(`embedding "${name}" (${side}): ${values.length} values for ${rows} × ${dimensions}`, name);
  }
  const kept = new Float64Array(values.length);
  let keptRows = 0;
  for (let r = 0; r < rows; r++) {
    const row = values.subarray(r * dimensions, (r + 1) * dimensions);
    if (row.every(Number.isFinite)) kept.set(row, keptRows++ * dimensions);
  }
  if (keptRows === 0) throw new DriftInputError(`embedding "${name}" has no finite vector in the ${side} data`, name);
  return { matrix: { rows: keptRows, dimensions, values: kept.subarray(0, keptRows * dimensions) }, dropped: rows - keptRows };
}

function component(matrix: EmbeddingMatrix, c: number): Float64Array {
  const values = new Float64Array(matrix.rows);
  for (let r = 0; r < matrix.rows; r++) values[r] = matrix.values[r * matrix.dimensions + c];
  return values;
}

/** Each value divided first: components near the float64 limit (a service takes any finite JSON number) do not overflow the sum. */
function mean(values: Float64Array): number {
  let mean = 0;
  for (let k = 0; k < values.length; k++) mean += values[k] / values.length;
  return mean;
}

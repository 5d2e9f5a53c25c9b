import type { DatasetInput } from '../compare';
import type { EmbeddingMatrix } from '../embeddings';

/** A categorical column as codes: per row the index of its label in `labels`, or -1 when missing. */
export interface CodedLabels {
  readonly codes: Int32Array;
  readonly labels: readonly string[];
}

/**
 * A reference dataset in shared memory (SharedArrayBuffer): posted to an analysis thread with every batch
 * without being copied. Copying a 10^6-row reference for each batch held the event loop for a quarter of a
 * second, most of it for the labels, which are therefore coded.
 */
export interface SharedDataset {
  readonly columns: Readonly<Record<string, Float64Array | CodedLabels>>;
  /** Embedding columns, their values in shared memory too. */
  readonly embeddings?: Readonly<Record<string, EmbeddingMatrix>>;
}

export function shareDataset(input: DatasetInput): SharedDataset {
  const columns: Record<string, Float64Array | CodedLabels> = {};
  for (const [name, values] of Object.entries(input.columns)) {
    if (values instanceof Float64Array) {
      columns[name] = sharedCopy(values);
      continue;
    }
    const codes = new Int32Array(new SharedArrayBuffer(values.length * Int32Array.BYTES_PER_ELEMENT));
    const index = new Map<string, number>();
    values.forEach((value, row) => {
      if (value === null) {
        codes[row] = -1;
        return;
      }
      let code = index.get(value);
      if (code === undefined) index.set(value, (code = index.size));
      codes[row] = code;
    });
    columns[name] = { codes, labels: [...index.keys()] };
  }
  if (input.embeddings === undefined) return { columns };
  const embeddings = Object.fromEntries(
    Object.entries(input.embeddings).map(([name, matrix]) => [name, { ...matrix, values: sharedCopy(matrix.values) }]),
  );
  return { columns, embeddings };
}

function sharedCopy(values: Float64Array): Float64Array {
  const shared = new Float64Array(new SharedArrayBuffer(values.byteLength));
  shared.set(values);
  return shared;
}

/** The comparison's view of a shared dataset: numbers as they are (no copy), labels decoded. */
export function datasetOfShared(shared: SharedDataset): DatasetInput {
  return {
    columns: Object.fromEntries(
      Object.entries(shared.columns).map(([name, column]) => [
        name,
        column instanceof Float64Array ? column : Array.from(column.codes, (code) => (code < 0 ? null : column.labels[code])),
      ]),
    ),
    ...(shared.embeddings === undefined ? {} : { embeddings: shared.embeddings }),
  };
}

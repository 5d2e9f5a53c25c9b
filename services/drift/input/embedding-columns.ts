import type { EmbeddingMatrix } from '../embeddings';
import type { DataTable } from './data-table';
import { vectorCell, vectorComponents, vectorProblemText } from './embedding-cells';

export interface TableWithEmbeddings {
  /** The table without its embedding columns, with the embeddings' problems added to its own. */
  readonly table: DataTable;
  readonly embeddings: Record<string, EmbeddingMatrix>;
}

/**
 * Takes the embedding columns out of a table that read them as labels (cells of text such as `[0.1, 0.2]`),
 * each as a matrix with a row of NaN for a missing vector (the comparison drops and counts it). The reference
 * gives each column its dimensions by its first vector; the current data is held to `referenceDimensions`.
 * The first bad cell of a column becomes a problem naming the file, the column and the row.
 */
export function takeEmbeddings(table: DataTable, names: readonly string[], referenceDimensions?: Readonly<Record<string, number>>): TableWithEmbeddings {
  const problems = [...table.problems];
  const embeddings: Record<string, EmbeddingMatrix> = {};
  for (const name of names) {
    const cells = table.columns[name] as readonly (string | null)[];
    const dimensions = referenceDimensions?.[name] ?? cells.map(vectorComponents).find((components) => components !== null && components !== undefined)?.length ?? 0;
    const source = referenceDimensions ? `the reference's vectors have ${dimensions}` : `the column's first vector has ${dimensions}`;
    const values = new Float64Array(cells.length * dimensions).fill(Number.NaN);
    for (let row = 0; row < cells.length; row++) {
      const typed = vectorCell(cells[row], dimensions);
      if ('problem' in typed) {
        problems.push(`${table.file}: column "${name}", row ${row + 1}: ${vectorProblemText(cells[row], typed.problem, source)}`);
        break;
      }
      if (typed.cell !== null) values.set(typed.cell, row * dimensions);
    }
    embeddings[name] = { rows: cells.length, dimensions, values };
  }
  const columns = Object.fromEntries(Object.entries(table.columns).filter(([name]) => !names.includes(name)));
  return { table: { ...table, header: table.header.filter((name) => !names.includes(name)), columns, problems }, embeddings };
}

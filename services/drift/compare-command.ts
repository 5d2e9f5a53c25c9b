import { writeFileSync } from 'node:fs';
import { EXIT_FINDINGS, UserFacingError } from '../../core/exit-codes';
import { type CompareOptions, type DatasetInput, compareDatasets } from './compare';
import { DriftInputError } from './drift-input-error';
import { checkSameHeader, typesOf } from './input/data-table';
import { takeEmbeddings } from './input/embedding-columns';
import { parseOptionsFile } from './input/options-file';
import { readBytes, readDataFile } from './input/read-data-file';
import { renderHtmlReport } from './output/html-report';
import type { DriftReport } from './report';

export interface CompareFlags {
  readonly reference: string;
  readonly current: string;
  readonly options?: string;
  readonly format: 'json' | 'html';
  readonly output?: string;
}

/** `plinth drift compare`: writes the report, a one-line summary on stderr, and sets the exit code. */
export async function compareCommand(flags: CompareFlags): Promise<void> {
  const report = await runCompare(flags);
  const { dataset } = report;
  const driftedEmbeddings = Object.keys(report.embeddings ?? {}).filter((name) => report.embeddings?.[name].drifted);
  process.stderr.write(
    `drift: ${dataset.drifted_columns} of ${dataset.columns} columns drifted; dataset drift: ${dataset.drifted ? 'yes' : 'no'}` +
      `${report.prediction ? `; prediction drift (${report.prediction.column}): ${report.prediction.drifted ? 'yes' : 'no'}` : ''}` +
      `${report.embeddings ? `; embeddings drifted: ${driftedEmbeddings.length > 0 ? driftedEmbeddings.join(', ') : 'none'}` : ''}\n`,
  );
  if (dataset.drifted || report.prediction?.drifted || driftedEmbeddings.length > 0) process.exitCode = EXIT_FINDINGS;
}

async function runCompare(flags: CompareFlags): Promise<DriftReport> {
  const options: CompareOptions = flags.options ? parseOptionsFile(readBytes(flags.options).toString('utf8'), flags.options) : {};
  const { referenceData, currentData } = await readDatasets(flags, options);
  let report: DriftReport;
  try {
    report = compareDatasets(referenceData, currentData, options);
  } catch (error) {
    if (error instanceof DriftInputError) throw new UserFacingError(`${flags.options ?? flags.reference}: ${error.message}`);
    throw error;
  }
  const text =
    flags.format === 'html'
      ? renderHtmlReport(report, referenceData, currentData, `Drift: ${flags.current} against ${flags.reference}`)
      : `${JSON.stringify(report, null, 2)}\n`;
  if (flags.output) writeFileSync(flags.output, text);
  else process.stdout.write(text);
  return report;
}

/** Both files, typed as the options declare, with the embedding columns taken out as vectors. */
async function readDatasets(flags: CompareFlags, options: CompareOptions): Promise<{ referenceData: DatasetInput; currentData: DatasetInput }> {
  const embeddingNames = Object.keys(options.embeddings ?? {});
  // Embedding cells are read as text (`[0.1, 0.2]`), then as vectors.
  const declaredTypes = {
    ...Object.fromEntries(Object.entries(options.columns ?? {}).map(([name, column]) => [name, column.type])),
    ...Object.fromEntries(embeddingNames.map((name) => [name, 'categorical' as const])),
  };
  const referenceFile = await readDataFile(flags.reference, declaredTypes);
  for (const [section, names] of [['columns', Object.keys(options.columns ?? {})], ['embeddings', embeddingNames]] as const) {
    const unknown = names.find((name) => !referenceFile.header.includes(name));
    if (unknown !== undefined) throw new UserFacingError(`${flags.options}: ${section}.${unknown}: no such column in ${flags.reference} (columns: ${referenceFile.header.join(', ')})`);
  }
  const currentFile = await readDataFile(flags.current, typesOf(referenceFile));
  checkSameHeader(referenceFile, currentFile);
  const reference = takeEmbeddings(referenceFile, embeddingNames);
  const dimensions = Object.fromEntries(Object.entries(reference.embeddings).map(([name, matrix]) => [name, matrix.dimensions]));
  const current = takeEmbeddings(currentFile, embeddingNames, dimensions);
  const problems = [...reference.table.problems, ...current.table.problems];
  if (problems.length > 0) throw new UserFacingError(problems.join('\n'));
  const withEmbeddings = embeddingNames.length > 0;
  return {
    referenceData: { columns: reference.table.columns, ...(withEmbeddings ? { embeddings: reference.embeddings } : {}) },
    currentData: { columns: current.table.columns, ...(withEmbeddings ? { embeddings: current.embeddings } : {}) },
  };
}

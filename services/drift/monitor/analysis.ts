import { type DatasetInput, compareDatasets } from '../compare';
import { DriftInputError } from '../drift-input-error';
import { renderHtmlReport } from '../output/html-report';
import { type ReportColumnDistribution, reportDistributions } from '../output/report-distributions';
import type { DriftReport } from '../report';
import type { Cell } from './cells';
import type { ProfileOptions } from './drift-store';
import { MonitorInputError } from './monitor-input-error';
import { type SharedDataset, datasetOfShared, shareDataset } from './shared-dataset';
import { type TableInput, type UploadContext, readTable } from './table-input';
import { type ColumnValues, type ProfileColumn, datasetInput, inferColumns, rowsOfColumns, typeColumns } from './typed-columns';

export interface ReferenceRequest {
  readonly model: string;
  readonly input: TableInput;
  readonly options: ProfileOptions;
  readonly maxRows: number;
}

export interface ProfiledReference {
  readonly columns: ProfileColumn[];
  readonly values: ColumnValues;
  /** `values` as JSON, for the store: serializing 10^6 values takes a quarter of a second. */
  readonly valuesJson: string;
  readonly rows: number;
  /** The comparison's view of the values, for the batches to come. */
  readonly shared: SharedDataset;
}

export interface BatchRequest {
  readonly model: string;
  readonly input: TableInput;
  readonly columns: readonly ProfileColumn[];
  readonly maxRows: number;
}

export interface ComparisonRequest {
  readonly reference: SharedDataset;
  readonly current: DatasetInput;
  readonly options: ProfileOptions;
}

/** A comparison with the data it compared, for its charts. */
export interface DistributionsRequest {
  readonly report: DriftReport;
  readonly reference: SharedDataset;
  readonly current: DatasetInput;
}

export interface PageRequest extends DistributionsRequest {
  readonly title: string;
}

/**
 * Reads and types a reference upload. The options are checked by comparing the reference with itself, so
 * that a test that does not fit a column is refused now rather than on every batch.
 */
function profileReference({ model, input, options, maxRows }: ReferenceRequest): ProfiledReference {
  const context: UploadContext = { model, input: 'reference' };
  const embeddings = new Set(Object.keys(options.embeddings ?? {}));
  const table = readTable(input, maxRows, context, embeddings);
  checkEmbeddingsDeclared(table.header, embeddings, context);
  const declaredTypes = Object.fromEntries(Object.entries(options.columns ?? {}).map(([name, column]) => [name, column.type]));
  const columns = inferColumns(table, declaredTypes, embeddings);
  const values = typeColumns(table, columns, context);
  const reference = datasetInput(columns, values);
  try {
    compareDatasets(reference, reference, options);
  } catch (error) {
    if (!(error instanceof DriftInputError)) throw error;
    throw new MonitorInputError({ ...context, kind: 'invalid_options', column: error.column }, `options: ${error.message}`);
  }
  return { columns, values, valuesJson: JSON.stringify(values), rows: table.rows.length, shared: shareDataset(reference) };
}

/** Reads and types a batch by its reference's columns: rows of cells in the profile's column order. */
function typeBatch({ model, input, columns, maxRows }: BatchRequest): Cell[][] {
  const context: UploadContext = { model, input: 'batch' };
  const embeddings = new Set(columns.flatMap((column) => (column.type === 'embedding' ? [column.name] : [])));
  return rowsOfColumns(columns, typeColumns(readTable(input, maxRows, context, embeddings), columns, context));
}

function checkEmbeddingsDeclared(header: readonly string[], embeddings: ReadonlySet<string>, context: UploadContext): void {
  const unknown = [...embeddings].find((name) => !header.includes(name));
  if (unknown === undefined) return;
  throw new MonitorInputError({ ...context, kind: 'invalid_options', column: unknown }, `options: embeddings.${unknown}: no such column in the reference (columns: ${header.join(', ')})`);
}

function compare({ reference, current, options }: ComparisonRequest): DriftReport {
  return compareDatasets(datasetOfShared(reference), current, options);
}

function renderPage({ report, reference, current, title }: PageRequest): string {
  return renderHtmlReport(report, datasetOfShared(reference), current, title);
}

function distributions({ report, reference, current }: DistributionsRequest): ReportColumnDistribution[] {
  return reportDistributions(report, datasetOfShared(reference), current);
}

/**
 * The monitor's heavy work: parsing, typing, statistics and charts, each a pure function of plain data (so
 * that a worker thread can run it on a copy). Parsing a 10^6-row reference takes seconds: the service runs
 * these in its analysis pool, off the event loop that answers health checks.
 */
export const ANALYSIS_TASKS = { profileReference, typeBatch, compare, renderPage, distributions } as const;

export type AnalysisTasks = typeof ANALYSIS_TASKS;
export type AnalysisTaskName = keyof AnalysisTasks;

/** Runs analysis tasks: in this thread, or in a pool of worker threads (service/analysis-pool.ts). */
export interface AnalysisRunner {
  run<T extends AnalysisTaskName>(task: T, input: Parameters<AnalysisTasks[T]>[0]): Promise<ReturnType<AnalysisTasks[T]>>;
}

/** Runs each task at once in the calling thread: for the library and the CLI, where nothing else waits. */
export const inThreadAnalysis: AnalysisRunner = {
  run: async (task, input) => (ANALYSIS_TASKS[task] as (input: unknown) => ReturnType<AnalysisTasks[typeof task]>)(input),
};

import { DriftInputError } from './drift-input-error';
import { type EmbeddingMatrix, type EmbeddingOptions, compareEmbeddings } from './embeddings';
import type { ColumnDriftReport, DriftReport, EmbeddingDriftReport } from './report';
import { type FeatureType, type RawValues, distinctCountOfUnion, prepareSample } from './sample';
import { defaultStatTest } from './stattests/default-stattest';
import { STAT_TESTS } from './stattests/registry';
import { type StatTestName, isDrift } from './stattests/stattest';

/** One side of a comparison: tabular columns by name, and optionally embedding columns. */
export interface DatasetInput {
  readonly columns: Readonly<Record<string, RawValues>>;
  readonly embeddings?: Readonly<Record<string, EmbeddingMatrix>>;
}

export interface ColumnOptions {
  /**
   * How the column is compared.
   * @default - numeric when its values are numbers, categorical when they are labels
   */
  readonly type?: FeatureType;
  /**
   * The test to run.
   * @default - Evidently's choice by type, reference size and number of distinct values
   */
  readonly stattest?: StatTestName;
  /**
   * Significance level or distance threshold.
   * @default - the test's own (0.05 for ks, chisquare and z; 0.1 for wasserstein, jensenshannon and psi)
   */
  readonly threshold?: number;
  /**
   * "prediction" marks the model-output column; its verdict is repeated as the report's prediction drift.
   * @default "feature"
   */
  readonly role?: 'feature' | 'prediction';
}

/** The share of drifted columns at which the dataset drifts, unless the options say otherwise (Evidently's default). */
export const DEFAULT_DRIFT_SHARE = 0.5;

export interface CompareOptions {
  readonly columns?: Readonly<Record<string, ColumnOptions>>;
  readonly embeddings?: Readonly<Record<string, EmbeddingOptions>>;
  /**
   * The dataset drifts when at least this share of its columns drift (Evidently's `drift_share`).
   * @default 0.5
   */
  readonly driftShare?: number;
}

/**
 * Compares a current dataset with its reference, column by column, as Evidently's data drift preset does.
 * Pure: no I/O, the same inputs give the same report. Throws DriftInputError for input it cannot compare.
 */
export function compareDatasets(reference: DatasetInput, current: DatasetInput, options: CompareOptions = {}): DriftReport {
  const names = sameKeys('column', reference.columns, current.columns);
  checkOptionsNameKnownColumns(options.columns ?? {}, names);
  const predictionColumns = names.filter((name) => options.columns?.[name]?.role === 'prediction');
  if (predictionColumns.length > 1) {
    throw new DriftInputError(`only one column can have the role "prediction"; found ${predictionColumns.join(', ')}`);
  }

  const columns: Record<string, ColumnDriftReport> = {};
  for (const name of names) {
    columns[name] = compareColumn(name, reference.columns[name], current.columns[name], options.columns?.[name] ?? {});
  }
  const driftedColumns = names.filter((name) => columns[name].drifted).length;
  const driftedShare = names.length === 0 ? 0 : driftedColumns / names.length;
  const prediction = predictionColumns[0];
  const embeddings = compareEmbeddingColumns(reference, current, options);
  return {
    columns,
    dataset: {
      columns: names.length,
      drifted_columns: driftedColumns,
      drifted_share: driftedShare,
      drifted: names.length > 0 && driftedShare >= (options.driftShare ?? DEFAULT_DRIFT_SHARE),
    },
    ...(prediction === undefined ? {} : { prediction: { column: prediction, drifted: columns[prediction].drifted } }),
    ...(embeddings === undefined ? {} : { embeddings }),
  };
}

function compareColumn(name: string, referenceValues: RawValues, currentValues: RawValues, options: ColumnOptions): ColumnDriftReport {
  const labels = !(referenceValues instanceof Float64Array);
  if (labels !== !(currentValues instanceof Float64Array)) {
    throw new DriftInputError(`column "${name}" holds numbers on one side and labels on the other`, name);
  }
  const type = options.type ?? (labels ? 'categorical' : 'numeric');
  if (type === 'numeric' && labels) {
    throw new DriftInputError(`column "${name}" is numeric but holds labels; give it type "categorical" or numbers`, name);
  }
  const ref = prepareSample(referenceValues);
  const cur = prepareSample(currentValues);
  for (const [side, prepared] of [['reference', ref], ['current', cur]] as const) {
    if (prepared.sample.size === 0) {
      throw new DriftInputError(
        `column "${name}" has no usable value in the ${side} data (${prepared.dropped} missing, NaN or infinite)`,
        name,
      );
    }
  }
  const stattestName =
    options.stattest ?? defaultStatTest(type, ref.sample.size, distinctCountOfUnion(ref.sample, cur.sample));
  const stattest = STAT_TESTS[stattestName];
  if (!stattest.featureTypes.includes(type)) {
    throw new DriftInputError(
      `column "${name}": test "${stattestName}" applies to ${stattest.featureTypes.join(' or ')} columns, not ${type}`,
      name,
    );
  }
  const threshold = options.threshold ?? stattest.defaultThreshold;
  const outcome = stattest.run({ type, reference: ref.sample, current: cur.sample });
  return {
    type,
    ...(options.role === 'prediction' ? { role: 'prediction' as const } : {}),
    stattest: stattestName,
    statistic: outcome.statistic,
    ...(outcome.pValue === undefined ? {} : { p_value: outcome.pValue }),
    threshold,
    drifted: isDrift(stattest.driftWhen, outcome, threshold),
    reference_rows: ref.sample.size,
    current_rows: cur.sample.size,
    dropped: { reference: ref.dropped, current: cur.dropped },
  };
}

function compareEmbeddingColumns(
  reference: DatasetInput,
  current: DatasetInput,
  options: CompareOptions,
): Record<string, EmbeddingDriftReport> | undefined {
  if (reference.embeddings === undefined && current.embeddings === undefined) return undefined;
  const referenceEmbeddings = reference.embeddings ?? {};
  const currentEmbeddings = current.embeddings ?? {};
  const reports: Record<string, EmbeddingDriftReport> = {};
  for (const name of sameKeys('embedding', referenceEmbeddings, currentEmbeddings)) {
    reports[name] = compareEmbeddings(name, referenceEmbeddings[name], currentEmbeddings[name], options.embeddings?.[name]);
  }
  return reports;
}

/** The names both sides share, in reference order; any name on one side only is an error. */
function sameKeys(what: string, reference: object, current: object): string[] {
  const referenceNames = Object.keys(reference);
  const currentNames = new Set(Object.keys(current));
  const onlyReference = referenceNames.filter((name) => !currentNames.has(name));
  const onlyCurrent = [...currentNames].filter((name) => !(name in reference));
  if (onlyReference.length > 0 || onlyCurrent.length > 0) {
    const parts = [
      onlyReference.length > 0 ? `only in the reference: ${onlyReference.join(', ')}` : '',
      onlyCurrent.length > 0 ? `only in the current data: ${onlyCurrent.join(', ')}` : '',
    ].filter(Boolean);
    throw new DriftInputError(`${what} names differ between reference and current (${parts.join('; ')})`);
  }
  return referenceNames;
}

function checkOptionsNameKnownColumns(options: Readonly<Record<string, ColumnOptions>>, names: readonly string[]): void {
  const unknown = Object.keys(options).filter((name) => !names.includes(name));
  if (unknown.length > 0) {
    throw new DriftInputError(`options name columns the data does not have: ${unknown.join(', ')}`, unknown[0]);
  }
}

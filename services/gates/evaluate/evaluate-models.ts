import { checkModelFile, type ModelCheckReport } from '../../kit/models/check-model';
import { ModelRuntime } from '../../inference/runtime/model-runtime';
import type { FeatureType } from '../../drift/sample';
import { type ClassLabel, metricBySlice, type MetricResult, type SliceReport, type SliceValue } from '../metrics';
import { metricEntries } from '../policy/metric-entries';
import type { GatePolicy, PolicyMetric } from '../policy/policy-schema';
import { readHoldout, type Holdout, type HoldoutColumn } from './holdout';
import { measureLatency, type LatencyMeasurement } from './latency';
import { computeMetric, DIRECTION_OF, type MetricRequest, metricTitle } from './metric-table';
import { FeedPlan } from './model-feeds';
import { findModelOutputs, type ModelOutputs } from './model-outputs';
import { narrowPredictions, type Predictions, toPredictions } from './predictions';
import { loadForEvaluation, runOnHoldout } from './run-on-holdout';
import { classLabels, targetValues } from './truth-values';

/** Rows per batch through the model: large enough that the hop to the model's thread is negligible. */
export const DEFAULT_EVALUATION_BATCH_ROWS = 1024;

export interface EvaluateModelsProps {
  readonly policy: GatePolicy;
  /** The candidate's ONNX file. */
  readonly candidate: string;
  /** @default - no champion: the policy's champion limits are undefined */
  readonly champion?: string;
  /** CSV or Parquet (.parquet, .pq). */
  readonly holdout: string;
  /** @default - the candidate's digest is reported, not compared */
  readonly candidateSha256?: string;
  /** @default - the champion's digest is reported, not compared */
  readonly championSha256?: string;
  /** @default DEFAULT_EVALUATION_BATCH_ROWS */
  readonly batchRows?: number;
}

/** A metric as measured on one model. */
export interface MeasuredMetric {
  readonly request: MetricRequest;
  readonly result: MetricResult;
}

export interface ModelMeasurements {
  readonly file: string;
  readonly sha256: string;
  /** The digest was compared with the expected one (and matched: a mismatch stops the evaluation). */
  readonly sha256Verified: boolean;
  readonly sizeBytes: number;
  /** By `metricTitle`: `accuracy`, `f1 (macro)`. */
  readonly metrics: ReadonlyMap<string, MeasuredMetric>;
}

export interface SliceMeasurement {
  readonly column: string;
  readonly request: MetricRequest;
  readonly report: SliceReport;
}

/** Everything the gates decide on. */
export interface Evaluation {
  readonly holdout: { readonly file: string; readonly rows: number };
  readonly candidate: ModelMeasurements & { readonly slices: readonly SliceMeasurement[]; readonly latency?: LatencyMeasurement };
  readonly champion?: ModelMeasurements;
}

interface CheckedModel {
  readonly file: string;
  readonly label: string;
  readonly check: ModelCheckReport;
  readonly outputs: ModelOutputs;
  readonly feeds: FeedPlan;
}

const PROBABILITY_METRICS: readonly PolicyMetric[] = ['roc_auc', 'log_loss'];

function requestsOf(section: object | undefined): MetricRequest[] {
  return metricEntries(section).map(({ name, average }) => ({ name, average }));
}

/** The metrics a policy asks of the candidate (thresholds and champion limits) and of the champion. */
export function metricRequests(policy: GatePolicy): { candidate: MetricRequest[]; champion: MetricRequest[] } {
  const champion = requestsOf(policy.champion);
  const all = [...requestsOf(policy.metrics), ...champion];
  const unique = new Map(all.map((request) => [metricTitle(request), request]));
  return { candidate: [...unique.values()], champion };
}

/** Whether a model must have a probability output: the candidate for every metric and slice, the champion for its limits. */
function needsProbabilities(policy: GatePolicy, role: 'candidate' | 'champion'): boolean {
  const requests = metricRequests(policy);
  const names = role === 'champion' ? requests.champion.map((r) => r.name) : [...requests.candidate.map((r) => r.name), ...(policy.slices ?? []).map((s) => s.metric)];
  return names.some((name) => PROBABILITY_METRICS.includes(name));
}

async function checkModel(policy: GatePolicy, file: string, role: 'candidate' | 'champion', expectedSha256: string | undefined): Promise<CheckedModel> {
  const label = `${role} model ${file}`;
  const check = await checkModelFile(file, { expectedSha256, label });
  const outputs = findModelOutputs(policy, check.inspection.outputs, label, needsProbabilities(policy, role));
  const feeds = FeedPlan.forModel(policy.features, check.inspection.inputs, label);
  return { file, label, check, outputs, feeds };
}

function holdoutColumns(policy: GatePolicy, candidate: CheckedModel): HoldoutColumn[] {
  const outputs = candidate.outputs;
  const labelType: FeatureType | undefined =
    outputs.task === 'regression' ? 'numeric' : outputs.label === undefined ? undefined : outputs.textLabels ? 'categorical' : 'numeric';
  const columns: HoldoutColumn[] = [{ name: policy.label, role: 'the label, policy label', type: labelType }, ...candidate.feeds.columns()];
  for (const [index, slice] of (policy.slices ?? []).entries()) columns.push({ name: slice.column, role: `the slices of policy slices[${index}]` });
  // A column may serve twice (a feature that is also a slice): read it once, with the first role's type.
  return columns.filter((column, index) => columns.findIndex((other) => other.name === column.name) === index);
}

async function predict(runtime: ModelRuntime, model: CheckedModel, name: string, holdout: Holdout, truth: readonly ClassLabel[] | Float64Array, props: EvaluateModelsProps, maxBatch: number) {
  const loaded = await loadForEvaluation(runtime, name, model.file, maxBatch);
  const wanted = model.outputs.task === 'regression' ? [model.outputs.prediction] : [model.outputs.label, model.outputs.probabilities].filter((o): o is string => o !== undefined);
  const outputs = await runOnHoldout(loaded, model.feeds, holdout, wanted, props.batchRows ?? DEFAULT_EVALUATION_BATCH_ROWS);
  const declared = props.policy.task === 'classification' ? props.policy.classes : undefined;
  return { loaded, predictions: toPredictions(model.outputs, outputs, truth, declared, model.label) };
}

function measure(model: CheckedModel, requests: readonly MetricRequest[], predictions: Predictions, positiveLabel: ClassLabel | undefined, verified: boolean): ModelMeasurements {
  const metrics = new Map(requests.map((request) => [metricTitle(request), { request, result: computeMetric(request, predictions, positiveLabel) }]));
  return { file: model.file, sha256: model.check.sha256, sha256Verified: verified, sizeBytes: model.check.inspection.sizeBytes, metrics };
}

function sliceValues(holdout: Holdout, column: string): SliceValue[] {
  const values = holdout.columns.get(column)!;
  return values instanceof Float64Array ? Array.from(values, (value) => (Number.isNaN(value) ? null : value)) : [...values];
}

/**
 * Checks the models (size, sha256, ONNX, operators) and matches them to the policy and the holdout before
 * running anything; then runs every holdout row through each model in the inference runtime's worker
 * threads, computes the policy's metrics and slices, and times the candidate. Bad input of any kind is a
 * UserFacingError (exit code 2) naming the file, the column, the row or the policy path.
 */
export async function evaluateModels(props: EvaluateModelsProps): Promise<Evaluation> {
  const { policy } = props;
  const candidate = await checkModel(policy, props.candidate, 'candidate', props.candidateSha256);
  const champion = props.champion === undefined ? undefined : await checkModel(policy, props.champion, 'champion', props.championSha256);
  const holdout = await readHoldout(props.holdout, holdoutColumns(policy, candidate));
  candidate.feeds.check(holdout);
  champion?.feeds.check(holdout);
  const truth = policy.task === 'regression' ? targetValues(holdout, policy.label) : classLabels(holdout, policy.label);
  const positiveLabel = policy.task === 'classification' ? policy.positiveLabel : undefined;
  const requests = metricRequests(policy);
  const maxBatch = Math.max(props.batchRows ?? DEFAULT_EVALUATION_BATCH_ROWS, policy.latency?.batchSize ?? 1);

  const runtime = new ModelRuntime({ intraOpThreads: 1 });
  try {
    const run = await predict(runtime, candidate, 'candidate', holdout, truth, props, maxBatch);
    const slices = (policy.slices ?? []).map((slice): SliceMeasurement => {
      const request: MetricRequest = { name: slice.metric, average: slice.average };
      const report = metricBySlice(sliceValues(holdout, slice.column), (rows) => computeMetric(request, narrowPredictions(run.predictions, rows), positiveLabel), {
        direction: DIRECTION_OF[slice.metric],
        slices: slice.values,
      });
      return { column: slice.column, request, report };
    });
    const latency = policy.latency && (await measureLatency(run.loaded, candidate.feeds, holdout, policy.latency.batchSize, policy.latency.samples));
    const championRun = champion && (await predict(runtime, champion, 'champion', holdout, truth, props, maxBatch));
    return {
      holdout: { file: holdout.file, rows: holdout.rows },
      candidate: { ...measure(candidate, requests.candidate, run.predictions, positiveLabel, props.candidateSha256 !== undefined), slices, ...(latency ? { latency } : {}) },
      ...(champion && championRun ? { champion: measure(champion, requests.champion, championRun.predictions, positiveLabel, props.championSha256 !== undefined) } : {}),
    };
  } finally {
    await runtime.close();
  }
}

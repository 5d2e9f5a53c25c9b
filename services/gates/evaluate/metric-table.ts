import { UserFacingError } from '../../../core/exit-codes';
import {
  accuracy,
  type ClassLabel,
  f1,
  logLoss,
  mae,
  METRIC_DIRECTIONS,
  type MetricDirection,
  type MetricResult,
  MetricsInputError,
  precision,
  r2,
  recall,
  rmse,
  rocAuc,
} from '../metrics';
import type { Averaging } from '../metrics/precision-recall-f1';
import type { MetricAverage, PolicyMetric } from '../policy/policy-schema';
import type { ClassifierPredictions, Predictions, RegressorPredictions } from './predictions';

/** A metric as a policy names it: `f1` with `average: macro`. */
export interface MetricRequest {
  readonly name: PolicyMetric;
  /** @default - binary for precision, recall and F1 (positive class `positiveLabel`, else 1); macro for ROC AUC of more than two classes */
  readonly average?: MetricAverage;
}

/** `f1 (macro)`, for reports. */
export function metricTitle(request: MetricRequest): string {
  return request.average === undefined ? request.name : `${request.name} (${request.average})`;
}

/** Whether higher is better, per policy metric name (the worst slice, the champion's drop). */
export const DIRECTION_OF: Readonly<Record<PolicyMetric, MetricDirection>> = {
  accuracy: METRIC_DIRECTIONS.accuracy,
  precision: METRIC_DIRECTIONS.precision,
  recall: METRIC_DIRECTIONS.recall,
  f1: METRIC_DIRECTIONS.f1,
  roc_auc: METRIC_DIRECTIONS.rocAuc,
  log_loss: METRIC_DIRECTIONS.logLoss,
  rmse: METRIC_DIRECTIONS.rmse,
  mae: METRIC_DIRECTIONS.mae,
  r2: METRIC_DIRECTIONS.r2,
};

type Classify = (p: ClassifierPredictions, average: MetricAverage | undefined, positive: ClassLabel | undefined) => MetricResult;
type Regress = (p: RegressorPredictions) => MetricResult;

function labelAveraging(average: MetricAverage | undefined, positive: ClassLabel | undefined): Averaging {
  return average === undefined || average === 'binary' ? { average: 'binary', positiveLabel: positive } : { average };
}

function withProbabilities(p: ClassifierPredictions, score: (probabilities: NonNullable<ClassifierPredictions['probabilities']>) => MetricResult): MetricResult {
  if (p.probabilities === undefined) return { defined: false, reason: 'the model has no probability output' };
  return score(p.probabilities);
}

/** One function per policy metric name, each the metrics module's scikit-learn-exact one. */
const CLASSIFICATION: Readonly<Record<string, Classify>> = {
  accuracy: (p) => accuracy(p.truth, p.predicted),
  precision: (p, average, positive) => precision(p.truth, p.predicted, labelAveraging(average, positive)),
  recall: (p, average, positive) => recall(p.truth, p.predicted, labelAveraging(average, positive)),
  f1: (p, average, positive) => f1(p.truth, p.predicted, labelAveraging(average, positive)),
  roc_auc: (p, average, positive) => withProbabilities(p, (probabilities) => rocAuc(p.truth, probabilities, { average: average as 'macro' | 'weighted' | undefined, positiveLabel: positive })),
  log_loss: (p) => withProbabilities(p, (probabilities) => logLoss(p.truth, probabilities)),
};

const REGRESSION: Readonly<Record<string, Regress>> = {
  rmse: (p) => rmse(p.truth, p.predicted),
  mae: (p) => mae(p.truth, p.predicted),
  r2: (p) => r2(p.truth, p.predicted),
};

/**
 * Computes a policy metric on predictions. Input no metric can use (binary averaging of three classes, a
 * true class the model has no column for) is bad input naming the metric.
 */
export function computeMetric(request: MetricRequest, predictions: Predictions, positiveLabel: ClassLabel | undefined): MetricResult {
  try {
    if (predictions.task === 'regression') return REGRESSION[request.name]!(predictions);
    return CLASSIFICATION[request.name]!(predictions, request.average, positiveLabel);
  } catch (error) {
    if (!(error instanceof MetricsInputError)) throw error;
    throw new UserFacingError(`cannot compute ${metricTitle(request)}: ${error.message}`, undefined, { cause: error });
  }
}

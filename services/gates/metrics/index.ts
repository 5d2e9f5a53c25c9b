// The promotion gates' model metrics, each matching scikit-learn 1.9.1 (services/gates/README.md, "Metrics").
export { accuracy } from './accuracy';
export { type ClassLabel, compareClassLabels } from './class-labels';
export { type ClassProbabilities, predictedClasses } from './class-probabilities';
export { logLoss } from './log-loss';
export {
  type DefinedMetric,
  METRIC_DIRECTIONS,
  type MetricDirection,
  type MetricName,
  type MetricResult,
  type UndefinedMetric,
} from './metric-result';
export { MetricsInputError } from './metrics-input-error';
export { type Averaging, type PrecisionRecallF1, f1, precision, precisionRecallF1, recall } from './precision-recall-f1';
export { mae, r2, rmse } from './regression';
export { type RocAucOptions, binaryRocAuc, rocAuc } from './roc-auc';
export { RowSubset } from './row-subset';
export { type SliceMetric, type SliceOptions, type SliceReport, type SliceValue, type WorstSlice, metricBySlice } from './slices';

import { z } from 'zod';

/**
 * The schema of a promotion gate policy (services/gates/README.md, "Policy"): the single source for
 * validation and for the policy's TypeScript types. Every object is strict, so a typo is reported with
 * its path, line and a did-you-mean. Metric names are scikit-learn's (`roc_auc`, `log_loss`); other keys
 * are camelCase, as in platform.yaml.
 */

export const CLASSIFICATION_METRICS = ['accuracy', 'precision', 'recall', 'f1', 'roc_auc', 'log_loss'] as const;
export const REGRESSION_METRICS = ['rmse', 'mae', 'r2'] as const;
export type ClassificationMetric = (typeof CLASSIFICATION_METRICS)[number];
export type RegressionMetric = (typeof REGRESSION_METRICS)[number];
export type PolicyMetric = ClassificationMetric | RegressionMetric;

/** sklearn's `average` for precision, recall and F1. */
export const LABEL_AVERAGES = ['binary', 'macro', 'micro', 'weighted'] as const;
/** sklearn's `average` for one-vs-rest ROC AUC (more than two classes). */
export const AUC_AVERAGES = ['macro', 'weighted'] as const;
export type MetricAverage = (typeof LABEL_AVERAGES)[number];

/** Which metrics take `average`, and which values it may have. */
export const AVERAGES_OF: Partial<Record<PolicyMetric, readonly MetricAverage[]>> = {
  precision: LABEL_AVERAGES,
  recall: LABEL_AVERAGES,
  f1: LABEL_AVERAGES,
  roc_auc: AUC_AVERAGES,
};

const columnName = z.string().min(1, { error: 'must not be empty' });
const finite = z.number().refine(Number.isFinite, { error: 'must be a finite number' });
const classLabel = z.union([z.number().int({ error: 'must be a whole number or a string' }), z.string()]);

const bounds = {
  min: finite.optional().describe('The measured value must be at least this.'),
  max: finite.optional().describe('The measured value must be at most this.'),
};
const needsABound = (value: { min?: number; max?: number }) => value.min !== undefined || value.max !== undefined;
const BOUND_MESSAGE = { error: 'needs min, max or both' };

const threshold = z.strictObject(bounds).refine(needsABound, BOUND_MESSAGE);
const labelThreshold = z.strictObject({ ...bounds, average: z.enum(LABEL_AVERAGES).optional() }).refine(needsABound, BOUND_MESSAGE);
const aucThreshold = z.strictObject({ ...bounds, average: z.enum(AUC_AVERAGES).optional() }).refine(needsABound, BOUND_MESSAGE);

const maxDrop = finite.min(0).describe('How much worse than the champion the candidate may be: a lower value for accuracy, a higher one for log loss or RMSE.');
const championLimit = z.strictObject({ maxDrop });
const labelChampionLimit = z.strictObject({ maxDrop, average: z.enum(LABEL_AVERAGES).optional() });
const aucChampionLimit = z.strictObject({ maxDrop, average: z.enum(AUC_AVERAGES).optional() });

const features = z.strictObject({
  input: z
    .string()
    .min(1)
    .optional()
    .describe('One model input of shape [N, k] fed by the k columns in order. Default: each column feeds the model input of its own name.'),
  columns: z.array(columnName).min(1).describe('The holdout columns the model reads.'),
});

function sliceSchema<M extends readonly [string, ...string[]]>(metrics: M) {
  return z
    .strictObject({
      column: columnName.describe('The holdout column whose values define the slices.'),
      metric: z.enum(metrics),
      average: z.enum(LABEL_AVERAGES).optional(),
      values: z.array(z.union([z.string(), finite, z.null()])).min(1).optional().describe('The slices to check. Default: every value in the column.'),
      worstMin: finite.optional().describe('The worst slice must reach at least this (metrics where higher is better).'),
      worstMax: finite.optional().describe('The worst slice must stay at most this (metrics where lower is better).'),
      maxGap: finite.min(0).optional().describe('Best slice minus worst slice, at most.'),
    })
    .superRefine((slice, ctx) => {
      const lowerIsBetter = ['log_loss', 'rmse', 'mae'].includes(slice.metric);
      if (slice.worstMin !== undefined && lowerIsBetter) {
        ctx.addIssue({ code: 'custom', path: ['worstMin'], message: `${slice.metric} is better when lower: its worst slice is its highest, so set worstMax` });
      }
      if (slice.worstMax !== undefined && !lowerIsBetter) {
        ctx.addIssue({ code: 'custom', path: ['worstMax'], message: `${slice.metric} is better when higher: its worst slice is its lowest, so set worstMin` });
      }
      const averages = AVERAGES_OF[slice.metric as PolicyMetric];
      if (slice.average !== undefined && !averages?.includes(slice.average)) {
        ctx.addIssue({
          code: 'custom',
          path: ['average'],
          message: averages ? `found "${slice.average}"; ${slice.metric} takes ${averages.map((a) => `"${a}"`).join(', ')}` : `${slice.metric} takes no average`,
        });
      }
      if (slice.worstMin === undefined && slice.worstMax === undefined && slice.maxGap === undefined) {
        ctx.addIssue({ code: 'custom', path: [], message: `needs ${lowerIsBetter ? 'worstMax' : 'worstMin'}, maxGap or both` });
      }
    });
}

const common = {
  label: columnName.describe('The holdout column holding the truth.'),
  features,
  latency: z
    .strictObject({
      p95Ms: finite.gt(0).describe('The 95th percentile of the time to run one batch, in milliseconds, at most.'),
      batchSize: z.number().int().min(1).max(65536).default(1).describe('Rows per timed batch.'),
      samples: z.number().int().min(20).max(100000).default(100).describe('Timed batches (after 5 untimed ones).'),
    })
    .optional(),
  model: z
    .strictObject({ maxSizeBytes: z.number().int().min(1).describe('The ONNX file, at most this many bytes.') })
    .optional(),
  lineage: z
    .strictObject({ required: z.array(z.string().min(1)).min(1).describe('Tags the candidate must carry, non-empty (`--tag name=value`).') })
    .optional(),
  risk: z.enum(['low', 'medium', 'high']).describe('A high-risk model needs a human approval after its gates pass.'),
};

const classificationPolicy = z.strictObject({
  task: z.literal('classification'),
  ...common,
  positiveLabel: classLabel.optional().describe('The positive class of binary precision, recall, F1 and ROC AUC. Default: 1 (ROC AUC: the greater class).'),
  classes: z.array(classLabel).min(2).optional().describe("The class of each probability column, in order. Default: read from the model's label output."),
  outputs: z
    .strictObject({ label: z.string().min(1).optional(), probabilities: z.string().min(1).optional() })
    .optional()
    .describe('Default: the integer or string output is the label, the float [N, classes] output the probabilities.'),
  metrics: z
    .strictObject({
      accuracy: threshold.optional(),
      precision: labelThreshold.optional(),
      recall: labelThreshold.optional(),
      f1: labelThreshold.optional(),
      roc_auc: aucThreshold.optional(),
      log_loss: threshold.optional(),
    })
    .optional(),
  champion: z
    .strictObject({
      accuracy: championLimit.optional(),
      precision: labelChampionLimit.optional(),
      recall: labelChampionLimit.optional(),
      f1: labelChampionLimit.optional(),
      roc_auc: aucChampionLimit.optional(),
      log_loss: championLimit.optional(),
    })
    .optional(),
  slices: z.array(sliceSchema(CLASSIFICATION_METRICS)).optional(),
});

const regressionPolicy = z.strictObject({
  task: z.literal('regression'),
  ...common,
  outputs: z.strictObject({ prediction: z.string().min(1).optional() }).optional().describe('Default: the one float output.'),
  metrics: z.strictObject({ rmse: threshold.optional(), mae: threshold.optional(), r2: threshold.optional() }).optional(),
  champion: z.strictObject({ rmse: championLimit.optional(), mae: championLimit.optional(), r2: championLimit.optional() }).optional(),
  slices: z.array(sliceSchema(REGRESSION_METRICS)).optional(),
});

export const gatePolicySchema = z.discriminatedUnion('task', [classificationPolicy, regressionPolicy]);

export type GatePolicy = z.output<typeof gatePolicySchema>;
export type ClassificationPolicy = z.output<typeof classificationPolicy>;
export type RegressionPolicy = z.output<typeof regressionPolicy>;
export type SlicePolicy = NonNullable<GatePolicy['slices']>[number];
export type RiskClass = GatePolicy['risk'];

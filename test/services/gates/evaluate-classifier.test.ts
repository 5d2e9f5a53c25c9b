import { decide } from '../../../services/gates/decision/decide';
import { evaluateModels } from '../../../services/gates/evaluate/evaluate-models';
import { accuracy, type ClassLabel, f1, logLoss, metricBySlice, METRIC_DIRECTIONS, type MetricResult, rocAuc, type WorstSlice } from '../../../services/gates/metrics';
import { CLASSIFIER_POLICY, FILES, numericColumns, policy, readCsv, runDirectly } from './evaluation-fixtures';

// The reference: the models run by onnxruntime directly (a plain node process), scored by the metrics
// module here, independently of the evaluator's batching, output reading and class order.
const rows = numericColumns(FILES.classifierHoldout, ['x0', 'x1', 'x2', 'x3']);
const truth: ClassLabel[] = numericColumns(FILES.classifierHoldout, ['label']).map(([label]) => label!);
const region = readCsv(FILES.classifierHoldout).slice(1).map((cells) => cells[5]!);
function reference(model: string) {
  const outputs = runDirectly(model, rows);
  const predicted = outputs.label!.values.map(Number);
  const probabilities = { classes: [0, 1], values: Float64Array.from(outputs.probabilities!.values as number[]) };
  return { predicted, probabilities };
}
const classifier = reference(FILES.classifier);
const worse = reference(FILES.worseClassifier);

const value = (result: MetricResult | WorstSlice): number => (result.defined ? result.value : Number.NaN);

describe('gates on a binary classifier', () => {
  it('passes a policy the model meets, every gate measured with the metrics module', async () => {
    const passing = policy(`${CLASSIFIER_POLICY}
metrics:
  accuracy: { min: 0.85 }
  f1: { min: 0.8 }
  roc_auc: { min: 0.85 }
  log_loss: { max: 0.55 }
latency: { p95Ms: 10000, batchSize: 8, samples: 20 }
model: { maxSizeBytes: 1024 }
lineage: { required: [git_commit] }
`);
    const evaluation = await evaluateModels({ policy: passing, candidate: FILES.classifier, holdout: FILES.classifierHoldout, batchRows: 50 });
    const decision = decide(passing, evaluation, { git_commit: '3f2a9c1' });
    expect(decision.gates.map((gate) => [gate.gate, gate.name, gate.verdict])).toEqual([
      ['safety', 'candidate artifact', 'pass'],
      ['metric', 'accuracy', 'pass'],
      ['metric', 'f1', 'pass'],
      ['metric', 'roc_auc', 'pass'],
      ['metric', 'log_loss', 'pass'],
      ['latency', 'p95 of 20 batches of 8 rows', 'pass'],
      ['size', 'model file bytes', 'pass'],
      ['lineage', 'tag git_commit', 'pass'],
    ]);
    expect(decision.verdict).toBe('pass');
    expect(decision.approval.required).toBe(false);
    const measured = Object.fromEntries(decision.gates.map((gate) => [gate.name, gate.measured]));
    expect(measured.accuracy).toBe(value(accuracy(truth, classifier.predicted)));
    expect(measured.f1).toBe(value(f1(truth, classifier.predicted, { average: 'binary', positiveLabel: 1 })));
    expect(measured.roc_auc).toBe(value(rocAuc(truth, classifier.probabilities, { positiveLabel: 1 })));
    expect(measured.log_loss).toBe(value(logLoss(truth, classifier.probabilities)));
    expect(measured.accuracy).toBeCloseTo(0.8875, 12);
    expect(evaluation.holdout.rows).toBe(240);
    expect(evaluation.candidate.latency?.p95Ms).toBeGreaterThan(0);
  });

  it('fails a threshold above what the model reaches, reporting the value the metrics module computes', async () => {
    const failing = policy(`${CLASSIFIER_POLICY}
metrics:
  accuracy: { min: 0.95 }
  roc_auc: { min: 0.5 }
`);
    const decision = decide(failing, await evaluateModels({ policy: failing, candidate: FILES.classifier, holdout: FILES.classifierHoldout }), {});
    const gate = decision.gates.find((candidate) => candidate.name === 'accuracy')!;
    expect(gate).toEqual({ gate: 'metric', name: 'accuracy', measured: value(accuracy(truth, classifier.predicted)), threshold: '>= 0.95', verdict: 'fail', reason: 'below the minimum 0.95' });
    expect(decision.verdict).toBe('fail');
  });

  it('fails a worse candidate against a better champion by how much each metric dropped', async () => {
    const limits = policy(`${CLASSIFIER_POLICY}
champion:
  accuracy: { maxDrop: 0.01 }
  log_loss: { maxDrop: 0.05 }
risk: high
`.replace('risk: medium\n', ''));
    const evaluation = await evaluateModels({ policy: limits, candidate: FILES.worseClassifier, champion: FILES.classifier, holdout: FILES.classifierHoldout });
    const decision = decide(limits, evaluation, {});
    const gates = Object.fromEntries(decision.gates.filter((gate) => gate.gate === 'champion').map((gate) => [gate.name, gate]));
    const accuracyDrop = value(accuracy(truth, classifier.predicted)) - value(accuracy(truth, worse.predicted));
    const lossRise = value(logLoss(truth, worse.probabilities)) - value(logLoss(truth, classifier.probabilities));
    expect(gates['accuracy vs champion']).toMatchObject({ measured: accuracyDrop, verdict: 'fail' });
    expect(gates['log_loss vs champion']).toMatchObject({ measured: lossRise, verdict: 'fail' });
    expect(accuracyDrop).toBeGreaterThan(0.1);
    expect(decision.verdict).toBe('fail');
    expect(decision.approval).toEqual({ required: true, reason: 'risk class high: an approval would be needed once the gates pass' });

    // The other way round, the better model passes: a drop below zero is an improvement.
    const swapped = decide(limits, await evaluateModels({ policy: limits, candidate: FILES.classifier, champion: FILES.worseClassifier, holdout: FILES.classifierHoldout }), {});
    expect(swapped.gates.filter((gate) => gate.gate === 'champion').map((gate) => [gate.measured, gate.verdict])).toEqual([
      [-accuracyDrop, 'pass'],
      [-lossRise, 'pass'],
    ]);
    expect(swapped.verdict).toBe('pass');
  });

  it('leaves a champion limit undefined, and the verdict not passing, without a champion', async () => {
    const limits = policy(`${CLASSIFIER_POLICY}champion: { accuracy: { maxDrop: 0.01 } }\n`);
    const decision = decide(limits, await evaluateModels({ policy: limits, candidate: FILES.classifier, holdout: FILES.classifierHoldout }), {});
    expect(decision.gates[1]).toMatchObject({ gate: 'champion', measured: null, verdict: 'undefined', reason: 'no champion was given (--champion)' });
    expect(decision.verdict).toBe('undefined');
  });

  it('checks the worst slice and the gap between slices as metricBySlice computes them', async () => {
    const sliced = policy(`${CLASSIFIER_POLICY}
slices:
  - column: region
    metric: accuracy
    worstMin: 0.85
    maxGap: 0.2
  - column: region
    metric: roc_auc
    values: [eu, us, latam, mars]
    worstMin: 0.5
`);
    const evaluation = await evaluateModels({ policy: sliced, candidate: FILES.classifier, holdout: FILES.classifierHoldout });
    const decision = decide(sliced, evaluation, {});
    const expected = metricBySlice(region, (subset) => accuracy(subset.labels(truth), subset.labels(classifier.predicted)), { direction: METRIC_DIRECTIONS.accuracy });
    expect(expected.worst).toMatchObject({ slice: 'latam' });
    const [worstGate, gapGate, aucGate] = decision.gates.slice(1);
    expect(worstGate).toMatchObject({ name: 'region: accuracy, worst slice', measured: value(expected.worst), verdict: 'fail' });
    expect(worstGate!.reason).toContain('worst slice "latam"');
    expect(gapGate).toMatchObject({ name: 'region: accuracy, gap between slices', measured: value(expected.gap), verdict: 'pass' });
    expect(aucGate).toMatchObject({ name: 'region: roc_auc, worst slice', verdict: 'pass' });
    // A listed slice with no rows is reported with its reason, not counted as the worst.
    const auc = evaluation.candidate.slices[1]!.report;
    expect(auc.slices.map((slice) => [slice.slice, slice.rows])).toEqual([
      ['eu', 80],
      ['us', 80],
      ['latam', 80],
      ['mars', 0],
    ]);
    expect(auc.slices[3]!.result).toEqual({ defined: false, reason: 'the slice has no rows' });
  });
});

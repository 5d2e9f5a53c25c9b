import type { Evaluation, ModelMeasurements } from '../evaluate/evaluate-models';
import { DIRECTION_OF, metricTitle } from '../evaluate/metric-table';
import type { MetricResult } from '../metrics';
import { type MetricEntry, metricEntries } from '../policy/metric-entries';
import type { GatePolicy, RiskClass } from '../policy/policy-schema';
import { boundedGate, type GateResult, overallVerdict, type Verdict } from './gate';

/** The outcome of `plinth gates evaluate`: every gate, the overall verdict and whether a human must approve. */
export interface GateDecision {
  readonly verdict: Verdict;
  readonly risk: RiskClass;
  /** High-risk models need a human approval (by another person than the requester) once their gates pass. */
  readonly approval: { readonly required: boolean; readonly reason: string };
  readonly gates: readonly GateResult[];
}

const measured = (result: MetricResult) => (result.defined ? result.value : { reason: result.reason });

function metricOf(model: ModelMeasurements, entry: MetricEntry): MetricResult {
  return model.metrics.get(metricTitle(entry))!.result;
}

function metricGates(policy: GatePolicy, evaluation: Evaluation): GateResult[] {
  return metricEntries(policy.metrics).map((entry) => boundedGate('metric', metricTitle(entry), measured(metricOf(evaluation.candidate, entry)), entry));
}

export interface DecideOptions {
  /**
   * There is no champion yet (a registry without a `champion` alias): the champion limits pass, as there is nothing to regress from.
   * @default false - without a champion the limits are undefined, and the verdict is not a pass
   */
  readonly noChampionYet?: boolean;
}

/** The candidate may be worse than the champion by at most maxDrop: lower for accuracy, higher for log loss. */
function championGates(policy: GatePolicy, evaluation: Evaluation, options: DecideOptions): GateResult[] {
  return metricEntries(policy.champion).map((entry): GateResult => {
    const title = `${metricTitle(entry)} vs champion`;
    const maxDrop = entry.maxDrop!;
    const threshold = `drop <= ${maxDrop}`;
    const champion = evaluation.champion;
    if (champion === undefined && options.noChampionYet) return { gate: 'champion', name: title, measured: null, threshold, verdict: 'pass', reason: 'no champion yet: nothing to compare with' };
    if (champion === undefined) return { gate: 'champion', name: title, measured: null, threshold, verdict: 'undefined', reason: 'no champion was given (--champion)' };
    const ours = metricOf(evaluation.candidate, entry);
    const theirs = metricOf(champion, entry);
    if (!ours.defined || !theirs.defined) {
      const reason = !ours.defined ? `candidate: ${ours.reason}` : `champion: ${(theirs as { reason: string }).reason}`;
      return { gate: 'champion', name: title, measured: null, threshold, verdict: 'undefined', reason };
    }
    const drop = DIRECTION_OF[entry.name] === 'higher-is-better' ? theirs.value - ours.value : ours.value - theirs.value;
    const detail = `candidate ${Number(ours.value.toPrecision(6))}, champion ${Number(theirs.value.toPrecision(6))}`;
    return { gate: 'champion', name: title, measured: drop, threshold, verdict: drop <= maxDrop ? 'pass' : 'fail', reason: detail };
  });
}

function sliceGates(policy: GatePolicy, evaluation: Evaluation): GateResult[] {
  return (policy.slices ?? []).flatMap((slice, index) => {
    const { report, request } = evaluation.candidate.slices[index]!;
    const title = `${slice.column}: ${metricTitle(request)}`;
    const gates: GateResult[] = [];
    if (slice.worstMin !== undefined || slice.worstMax !== undefined) {
      const worst = report.worst;
      const gate = boundedGate('slice', `${title}, worst slice`, worst.defined ? worst.value : { reason: worst.reason }, { min: slice.worstMin, max: slice.worstMax });
      gates.push(worst.defined ? { ...gate, reason: `worst slice ${JSON.stringify(worst.slice)}${gate.reason ? `: ${gate.reason}` : ''}` } : gate);
    }
    if (slice.maxGap !== undefined) gates.push(boundedGate('slice', `${title}, gap between slices`, measured(report.gap), { max: slice.maxGap }));
    return gates;
  });
}

function latencyGates(policy: GatePolicy, evaluation: Evaluation): GateResult[] {
  const latency = evaluation.candidate.latency;
  if (policy.latency === undefined || latency === undefined) return [];
  const gate = boundedGate('latency', `p95 of ${latency.samples} batches of ${latency.batchSize} row${latency.batchSize === 1 ? '' : 's'}`, latency.p95Ms, { max: policy.latency.p95Ms }, ' ms');
  return [{ ...gate, measured: Number(latency.p95Ms.toFixed(3)) }];
}

function sizeGates(policy: GatePolicy, evaluation: Evaluation): GateResult[] {
  if (policy.model?.maxSizeBytes === undefined) return [];
  return [boundedGate('size', 'model file bytes', evaluation.candidate.sizeBytes, { max: policy.model.maxSizeBytes })];
}

function lineageGates(policy: GatePolicy, tags: Readonly<Record<string, string>>): GateResult[] {
  return (policy.lineage?.required ?? []).map((tag): GateResult => {
    const value = tags[tag];
    if (value === undefined || value.trim() === '') {
      return { gate: 'lineage', name: `tag ${tag}`, measured: null, threshold: 'present, not empty', verdict: 'fail', reason: value === undefined ? `missing (--tag ${tag}=<value>)` : 'empty' };
    }
    return { gate: 'lineage', name: `tag ${tag}`, measured: value, threshold: 'present, not empty', verdict: 'pass' };
  });
}

/** The checks every model passed before it ran (a failure stops the evaluation with exit code 2 instead). */
function safetyGates(evaluation: Evaluation): GateResult[] {
  const models = [['candidate', evaluation.candidate] as const, ...(evaluation.champion ? [['champion', evaluation.champion] as const] : [])];
  return models.map(([role, model]): GateResult => ({
    gate: 'safety',
    name: `${role} artifact`,
    measured: `sha256:${model.sha256}`,
    threshold: model.sha256Verified ? 'sha256 as given, ONNX, standard operators' : 'ONNX, standard operators (sha256 not given)',
    verdict: 'pass',
  }));
}

/** Every gate of the policy against the evaluation, in the policy's order of sections. */
export function decide(policy: GatePolicy, evaluation: Evaluation, tags: Readonly<Record<string, string>>, options: DecideOptions = {}): GateDecision {
  const gates = [
    ...safetyGates(evaluation),
    ...metricGates(policy, evaluation),
    ...championGates(policy, evaluation, options),
    ...sliceGates(policy, evaluation),
    ...latencyGates(policy, evaluation),
    ...sizeGates(policy, evaluation),
    ...lineageGates(policy, tags),
  ];
  const verdict = overallVerdict(gates);
  const required = policy.risk === 'high';
  const reason = required
    ? verdict === 'pass'
      ? 'risk class high: a human approver must approve the promotion'
      : 'risk class high: an approval would be needed once the gates pass'
    : `risk class ${policy.risk}: no approval needed`;
  return { verdict, risk: policy.risk, approval: { required, reason }, gates };
}

import type { Evaluation, ModelMeasurements } from '../evaluate/evaluate-models';
import { metricTitle } from '../evaluate/metric-table';
import type { MetricResult } from '../metrics';
import type { GateDecision } from './decide';

type MetricJson = { value: number; warnings?: readonly string[] } | { value: null; reason: string };

function metricJson(result: MetricResult): MetricJson {
  if (!result.defined) return { value: null, reason: result.reason };
  return result.warnings === undefined ? { value: result.value } : { value: result.value, warnings: result.warnings };
}

function modelJson(model: ModelMeasurements) {
  return {
    file: model.file,
    sha256: model.sha256,
    sha256Verified: model.sha256Verified,
    sizeBytes: model.sizeBytes,
    metrics: Object.fromEntries([...model.metrics].map(([title, { result }]) => [title, metricJson(result)])),
  };
}

/** The report `--output` writes: the decision, then what it was decided on. */
export function gateReport(decision: GateDecision, evaluation: Evaluation, tags: Readonly<Record<string, string>>) {
  return {
    verdict: decision.verdict,
    risk: decision.risk,
    approval: decision.approval,
    gates: decision.gates,
    holdout: evaluation.holdout,
    candidate: {
      ...modelJson(evaluation.candidate),
      slices: evaluation.candidate.slices.map(({ column, request, report }) => ({
        column,
        metric: metricTitle(request),
        slices: report.slices.map((slice) => ({ slice: slice.slice, rows: slice.rows, ...metricJson(slice.result) })),
        unsliced: report.unsliced,
        worst: report.worst.defined ? { slice: report.worst.slice, value: report.worst.value } : { value: null, reason: report.worst.reason },
        gap: metricJson(report.gap),
      })),
      ...(evaluation.candidate.latency ? { latency: evaluation.candidate.latency } : {}),
    },
    ...(evaluation.champion ? { champion: modelJson(evaluation.champion) } : {}),
    tags,
  };
}

export type GateReport = ReturnType<typeof gateReport>;

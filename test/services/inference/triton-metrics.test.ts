import { Registry } from 'prom-client';
import { TritonMetrics } from '../../../services/inference/triton-metrics';

/** The value of one series in Prometheus's text format, or undefined when it is not exported. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe("the inference server's metrics carry Triton's names, labels and units", () => {
  const timing = { requestUs: 1500, queueUs: 300, computeInputUs: 100, computeInferUs: 900, computeOutputUs: 50 };

  it('counts requests, inferences (batch sizes) and executions, and sums each phase in microseconds', async () => {
    const registry = new Registry();
    const metrics = new TritonMetrics(registry);
    metrics.recordSuccess('churn', '3', 8, timing);
    metrics.recordSuccess('churn', '3', 8, timing);
    metrics.recordExecution('churn', '3');
    metrics.recordFailure('churn', '3', 'REJECTED', 200);
    const text = await registry.metrics();
    const labels = '{model="churn",version="3"}';
    expect(sample(text, `nv_inference_request_success${labels}`)).toBe(2);
    expect(sample(text, 'nv_inference_request_failure{model="churn",version="3",reason="REJECTED"}')).toBe(1);
    expect(sample(text, `nv_inference_count${labels}`)).toBe(16);
    expect(sample(text, `nv_inference_exec_count${labels}`)).toBe(1);
    expect(sample(text, `nv_inference_request_duration_us${labels}`)).toBe(3200);
    expect(sample(text, `nv_inference_queue_duration_us${labels}`)).toBe(600);
    expect(sample(text, `nv_inference_compute_input_duration_us${labels}`)).toBe(200);
    expect(sample(text, `nv_inference_compute_infer_duration_us${labels}`)).toBe(1800);
    expect(sample(text, `nv_inference_compute_output_duration_us${labels}`)).toBe(100);
    // The canary analysis reads this quantile (constructs/k8s/triton/canary-analysis.ts).
    expect(sample(text, 'nv_inference_request_summary_us{quantile="0.99",model="churn",version="3"}')).toBe(1500);
  });

  it('stops exporting a model version once it is forgotten, and keeps the others', async () => {
    const registry = new Registry();
    const metrics = new TritonMetrics(registry);
    metrics.recordSuccess('churn', '3', 1, timing);
    metrics.recordSuccess('churn', '4', 1, timing);
    metrics.setPending('churn', '3', 2);
    metrics.forget('churn', '3');
    const text = await registry.metrics();
    expect(text).not.toMatch(/version="3"/);
    expect(sample(text, 'nv_inference_request_success{model="churn",version="4"}')).toBe(1);
  });
});

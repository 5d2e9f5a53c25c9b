import { AnalysisTemplate, type PrometheusMetric } from './argo-rollouts';

/** Placeholders Argo Rollouts fills per analysis run: the pod template hash of each version. */
export const CANARY_HASH_ARG = 'canary-hash';
export const STABLE_HASH_ARG = 'stable-hash';

/** How much worse than the stable version a canary may be before it is rolled back. */
export interface CanaryThresholds {
  /** The canary's success ratio may be at most this far below the stable's (0.01: one percentage point). @default 0.01 */
  readonly maxSuccessRateDrop?: number;
  /** The canary's p99 latency may be at most this multiple of the stable's, for every model. @default 1.2 */
  readonly maxP99LatencyRatio?: number;
}

/** Which Triton series belong to the deployment: its namespace and the metrics Service Prometheus scrapes. */
export interface TritonSeries {
  readonly namespace: string;
  readonly metricsService: string;
}

/** One analysis metric: a PromQL query on both versions and the bound its single value must meet. */
export interface CanaryCheck {
  readonly name: 'success-rate' | 'p99-latency';
  /** PromQL with `{{args.canary-hash}}` and `{{args.stable-hash}}` placeholders. */
  readonly query: string;
  readonly comparison: '>=' | '<=';
  readonly threshold: number;
}

const RATE_WINDOW = '2m';

/**
 * The analysis of a Triton canary against the stable version, as PromQL. Both queries return one
 * value, NaN when a version served nothing (a measurement that fails: a canary is not promoted on no
 * evidence). p99 uses Triton's latency summaries (`--metrics-config=summary_latencies=true`): quantiles
 * of different pods cannot be averaged, so each version's slowest pod counts, per model.
 */
export function canaryChecks(series: TritonSeries, thresholds: CanaryThresholds = {}): readonly CanaryCheck[] {
  const maxSuccessRateDrop = thresholds.maxSuccessRateDrop ?? 0.01;
  const maxP99LatencyRatio = thresholds.maxP99LatencyRatio ?? 1.2;
  if (!(maxSuccessRateDrop >= 0 && maxSuccessRateDrop < 1))
    throw new Error(`canary thresholds: maxSuccessRateDrop must be at least 0 and below 1 (a ratio), got ${maxSuccessRateDrop}`);
  if (!(maxP99LatencyRatio >= 1)) throw new Error(`canary thresholds: maxP99LatencyRatio must be at least 1 (1.2: 20% slower than stable), got ${maxP99LatencyRatio}`);
  const selector = (arg: string, extra = '') => `{namespace="${series.namespace}", service="${series.metricsService}", rollouts_pod_template_hash="{{args.${arg}}}"${extra}}`;
  const successRatio = (arg: string) => {
    const success = `sum(rate(nv_inference_request_success${selector(arg)}[${RATE_WINDOW}]))`;
    const failure = `sum(rate(nv_inference_request_failure${selector(arg)}[${RATE_WINDOW}]))`;
    return `(${success} / (${success} + ${failure}))`;
  };
  const p99 = (arg: string) => `max by (model) (nv_inference_request_summary_us${selector(arg, ', quantile="0.99"')})`;
  return [
    {
      name: 'success-rate',
      query: `${successRatio(CANARY_HASH_ARG)} - ${successRatio(STABLE_HASH_ARG)}`,
      comparison: '>=',
      threshold: -maxSuccessRateDrop,
    },
    {
      name: 'p99-latency',
      query: `max(${p99(CANARY_HASH_ARG)} / ${p99(STABLE_HASH_ARG)})`,
      comparison: '<=',
      threshold: maxP99LatencyRatio,
    },
  ];
}

/** The AnalysisTemplate Argo Rollouts runs during a canary: every check every minute; three failed measurements abort the rollout. */
export function canaryAnalysisTemplate(name: string, namespace: string, labels: Record<string, string>, prometheusUrl: string, checks: readonly CanaryCheck[]): AnalysisTemplate {
  const metrics: PrometheusMetric[] = checks.map((check) => ({
    name: check.name,
    interval: '1m',
    // The first rate window of a new canary pod holds too few requests to judge.
    initialDelay: RATE_WINDOW,
    failureLimit: 2,
    successCondition: `result[0] ${check.comparison} ${check.threshold}`,
    provider: { prometheus: { address: prometheusUrl, query: check.query } },
  }));
  return new AnalysisTemplate({
    metadata: { name, namespace, labels },
    spec: {
      args: [{ name: CANARY_HASH_ARG }, { name: STABLE_HASH_ARG }],
      metrics,
    },
  });
}

/**
 * The checks as a Prometheus rule file, for `promtool test rules` only: a recording rule
 * `triton_canary:<check>` with the query's value, and an alert `TritonCanaryCheckFails{check}` that
 * fires exactly when an Argo measurement would fail (the value misses the bound, is NaN, or is absent).
 * The pod template hashes are fixed to the given values, as Argo substitutes them.
 */
export function canaryChecksAsRules(checks: readonly CanaryCheck[], hashes: { readonly canary: string; readonly stable: string }): object {
  const bind = (query: string) => query.replaceAll(`{{args.${CANARY_HASH_ARG}}}`, hashes.canary).replaceAll(`{{args.${STABLE_HASH_ARG}}}`, hashes.stable);
  return {
    groups: [
      {
        name: 'triton-canary-analysis',
        rules: checks.flatMap((check) => [
          {
            record: `triton_canary:${check.name.replace('-', '_')}`,
            expr: bind(check.query),
          },
          {
            alert: 'TritonCanaryCheckFails',
            expr: `absent((${bind(check.query)}) ${check.comparison} ${check.threshold})`,
            labels: { check: check.name },
          },
        ]),
      },
    ],
  };
}

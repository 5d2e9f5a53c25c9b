/**
 * What a platform can run, each switchable in platform.yaml (`capabilities.<name>: false`) for the
 * whole platform or one environment. A blueprint is a preset of these: it offers the ones its
 * defaults switch on, and a config can switch those off but cannot switch on one it does not offer.
 */
export const CAPABILITY_NAMES = ['tracking', 'drift', 'gates', 'inference', 'console', 'monitoring', 'gpuInference', 'featureStore', 'triton', 'vectorDb', 'llmServing', 'llmSignals', 'ci'] as const;

export type Capability = (typeof CAPABILITY_NAMES)[number];

export type CapabilitySwitches = Readonly<Record<Capability, boolean>>;

/** What each capability gives a team, for the README and the config schema. */
export const CAPABILITY_DESCRIPTIONS: Readonly<Record<Capability, string>> = {
  tracking: 'the tracking server (MLflow REST API, artifact proxy, model registry) with its own database and artifact prefix',
  drift: 'the drift service (reference profiles, drift reports, Prometheus metrics, retraining webhook) with its own database',
  gates: 'the promotion gates service (evaluates candidate models on holdouts, records decisions, human approval of high-risk models, publishes to the Triton model repository in the bucket, mirrors to the cloud model registry) with its own database',
  inference: 'the CPU inference server (Triton’s HTTP / KServe v2 protocol) for the ONNX models the gates publish, read from the bucket’s `models/` prefix, Triton’s nv_* metrics scraped',
  console: 'the web console over the services (runs, models and gate decisions with approvals, drift over time, serving), a ClusterIP service reached with `kubectl -n plinth port-forward svc/console 8080`; it holds no token and no cloud identity: each user signs in with a token of the services. On by default wherever tracking is on',
  monitoring: 'kube-prometheus-stack scraping Plinth’s services, with alert rules and Grafana dashboards',
  gpuInference: 'a GPU node pool for inference (NVIDIA taint and labels, scale from zero, device plugin and DCGM exporter)',
  featureStore: 'a Feast feature store: online store on a managed Redis, feature server and materialization job',
  triton: 'Triton Inference Server on the GPU inference pool, autoscaled on queue time, with canary rollouts and automatic rollback',
  vectorDb: 'a vector database: Qdrant (replicated, on encrypted volumes) or pgvector in the metadata database',
  llmServing: 'vLLM’s OpenAI-compatible server and an embeddings server on a large-GPU pool, weights from the artifact bucket',
  llmSignals: 'LLM dashboards and alerts: tokens per second, time to first token, queue depth, KV-cache use, errors, token cost, embedding drift',
  ci: 'roles for GitHub Actions through OIDC, no long-lived keys: a read-only plan role for pull requests and a deploy role for the environment’s GitHub environment, scoped to the platform’s state and resources (needs `ci.github.repository`)',
};

/**
 * Capabilities every blueprint offers but none switches on: a config opts in. `ci` needs a repository
 * only the team knows, so no default could switch it on.
 */
export const OPT_IN_CAPABILITIES: readonly Capability[] = ['ci'];

/** Whether a blueprint with these defaults lets a config switch `capability` on. */
export function offers(defaults: CapabilitySwitches, capability: Capability): boolean {
  return defaults[capability] || OPT_IN_CAPABILITIES.includes(capability);
}

/** What a capability cannot run without: switching one on with a requirement off is refused. */
export const CAPABILITY_REQUIREMENTS: Readonly<Partial<Record<Capability, readonly Capability[]>>> = {
  // The gates read candidates and record decisions in the tracking server's model registry.
  gates: ['tracking'],
  // The console's runs and models pages read the tracking server; without it there is nothing to show.
  console: ['tracking'],
  // Triton runs on the GPU inference pool; its autoscaling and canary analysis read Prometheus.
  triton: ['gpuInference', 'monitoring'],
  // The signals are Prometheus rules and dashboards over the LLM servers' metrics.
  llmSignals: ['llmServing', 'monitoring'],
};

/**
 * Capabilities whose default follows another's: on by default exactly where that one is on, so
 * switching tracking off takes the console with it, while `console: true` without tracking is refused.
 */
export const CAPABILITY_FOLLOWS: Readonly<Partial<Record<Capability, Capability>>> = {
  console: 'tracking',
};

/**
 * Whether `capability` is on, given the switches a config sets (`set`, most specific first: environment,
 * then platform) and the blueprint's defaults: a switch wins; otherwise the default, which for a
 * capability that follows another is on only where that one is on.
 */
export function resolveSwitch(capability: Capability, set: (capability: Capability) => boolean | undefined, defaults: CapabilitySwitches): boolean {
  const chosen = set(capability);
  if (chosen !== undefined) return chosen;
  const followed = CAPABILITY_FOLLOWS[capability];
  return defaults[capability] && (followed === undefined || resolveSwitch(followed, set, defaults));
}

/** Capabilities whose services keep their data in the metadata database. */
export const DATABASE_CAPABILITIES: readonly Capability[] = ['tracking', 'drift', 'gates'];

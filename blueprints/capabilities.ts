/**
 * What a platform can run, each switchable in platform.yaml (`capabilities.<name>: false`) for the
 * whole platform or one environment. A blueprint is a preset of these; the issues that add gates,
 * GPU pools, Feast, Triton, vector databases and LLM serving add their names here.
 */
export const CAPABILITY_NAMES = ['tracking', 'drift', 'monitoring'] as const;

export type Capability = (typeof CAPABILITY_NAMES)[number];

export type CapabilitySwitches = Readonly<Record<Capability, boolean>>;

/** What each capability gives a team, for the README and the config schema. */
export const CAPABILITY_DESCRIPTIONS: Readonly<Record<Capability, string>> = {
  tracking: 'the tracking server (MLflow REST API, artifact proxy, model registry) with its own database and artifact prefix',
  drift: 'the drift service (reference profiles, drift reports, Prometheus metrics, retraining webhook) with its own database',
  monitoring: 'kube-prometheus-stack scraping Plinth’s services, with alert rules and Grafana dashboards',
};

/** Capabilities whose services keep their data in the metadata database. */
export const DATABASE_CAPABILITIES: readonly Capability[] = ['tracking', 'drift'];

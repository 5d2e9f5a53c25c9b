import type { ContainerResources } from '../../constructs/k8s/restricted-pod';
import type { Capability } from '../capabilities';

/** The names of Plinth's services: container repositories, Kubernetes names, `<name>.cjs` bundles. */
export type PlinthServiceName = 'tracking' | 'drift' | 'gates' | 'inference' | 'console';

/** Artifact bucket prefixes of the startup services: each service reads (or writes) only its own. */
export const STARTUP_PREFIXES = {
  /** Tracking's run artifacts and registered model files. */
  tracking: 'tracking/',
  /** The Triton model repository the gates publish (`<model>/config.pbtxt`, `<model>/<version>/model.onnx`) and inference serves. */
  models: 'models/',
  /** Datasets, the gates' holdouts among them. */
  datasets: 'datasets/',
} as const;

export type StartupPrefix = (typeof STARTUP_PREFIXES)[keyof typeof STARTUP_PREFIXES];

/** One of Plinth's services as the startup blueprint runs it. */
export interface PlinthServiceDefinition {
  /** Service name: container repository, Kubernetes names, database role `plinth_<name>`. */
  readonly name: PlinthServiceName;
  /** The capability that switches it on. */
  readonly capability: Capability;
  /** The port its image EXPOSEs (services/Dockerfile). */
  readonly port: number;
  /** Its own database and login role on the metadata database server. @default - no database: no bootstrap Job, no login, no database egress */
  readonly database?: { readonly name: string; readonly role: string };
  /** Artifact store prefixes it reads and writes, and those it only reads. @default - no access to the artifact store */
  readonly artifacts?: { readonly readWrite?: readonly StartupPrefix[]; readonly read?: readonly StartupPrefix[] };
  /** Plinth services of the namespace it calls: an egress allow to each. @default - none */
  readonly calls?: readonly PlinthServiceName[];
  /**
   * Plinth services it forwards its signed-in users' requests to, each with the user's own token (the
   * console): an egress allow to each one the environment has, and `--<name>-url` for it. Such a service
   * holds no token itself: no `<name>-tokens` Secret, no client credentials, and the namespace's other
   * pods are not let in (nothing calls it; people reach it through port-forward).
   * @default - none
   */
  readonly forwardsTo?: readonly PlinthServiceName[];
  /** A fixed number of replicas instead of the environment's `serviceReplicas` range. @default - the environment's range */
  readonly replicas?: number;
  /** Prometheus scrapes its `/metrics` when monitoring is on (the services' latency and error alerts then cover it). @default true */
  readonly scraped?: boolean;
  /** It mirrors promoted models into the cloud's model registry. @default false */
  readonly publishesToModelRegistry?: boolean;
  /** @default - PlinthService's (requests 100m CPU and 256Mi, limits 1 CPU and 512Mi) */
  readonly resources?: ContainerResources;
  /** A writable folder for what it keeps on disk and can fetch again (the root filesystem is read-only). @default - only /tmp */
  readonly cache?: { readonly mountPath: string; readonly sizeLimit: string };
}

/** The services of the startup blueprint, in the order their capabilities are listed. */
export const STARTUP_SERVICES: readonly PlinthServiceDefinition[] = [
  { name: 'tracking', capability: 'tracking', port: 5000, database: { name: 'tracking', role: 'plinth_tracking' }, artifacts: { readWrite: [STARTUP_PREFIXES.tracking] } },
  { name: 'drift', capability: 'drift', port: 8090, database: { name: 'drift', role: 'plinth_drift' } },
  {
    name: 'gates',
    capability: 'gates',
    port: 8070,
    database: { name: 'gates', role: 'plinth_gates' },
    // It publishes the Triton repository and reads the holdouts it evaluates candidates on.
    artifacts: { readWrite: [STARTUP_PREFIXES.models], read: [STARTUP_PREFIXES.datasets] },
    calls: ['tracking'],
    publishesToModelRegistry: true,
  },
  {
    name: 'inference',
    capability: 'inference',
    // Triton's HTTP port.
    port: 8000,
    artifacts: { read: [STARTUP_PREFIXES.models] },
    // The bucket's repository is mirrored here; an evicted pod's successor fetches it again.
    cache: { mountPath: '/var/lib/plinth/models', sizeLimit: '2Gi' },
    // An onnxruntime session per loaded model plus its worker threads: more than the default's 1 CPU and 512Mi.
    resources: { requests: { cpu: '500m', memory: '512Mi' }, limits: { cpu: '2', memory: '2Gi' } },
  },
  // The web console: static pages and a proxy that adds the signed-in user's token. No database, no bucket, no cloud API.
  // Not scraped: what it proxies (artifact downloads, a slow or failing service) would trip the services' latency and
  // error alerts a second time, as the console's, when the service it reached already raises them.
  // One replica: sessions live in the console's memory, so a second replica would not know a session the first
  // made (port-forward picks one pod anyway). A restart signs everyone out, which a sign-in repairs.
  { name: 'console', capability: 'console', port: 8080, forwardsTo: ['tracking', 'gates', 'drift', 'inference'], scraped: false, replicas: 1 },
];

/** The namespace Plinth's services run in. */
export const SERVICES_NAMESPACE = 'plinth';

/** The service account of the job that creates a service's database and role. */
export function bootstrapServiceAccount(service: PlinthServiceDefinition): string {
  return `${service.name}-database-bootstrap`;
}

/**
 * Whether a service touches a cloud resource (its database with IAM login, the bucket, the model
 * registry): only then does it get a cloud identity and HTTPS out to the cloud's APIs. The console
 * touches none, so its service account is bound to nothing and a compromised console holds no cloud credential.
 */
export function usesCloud(service: PlinthServiceDefinition): boolean {
  return service.database !== undefined || service.artifacts !== undefined || service.publishesToModelRegistry === true;
}

/** The definition of a service by name (every name has one). */
export function serviceDefinition(name: PlinthServiceName): PlinthServiceDefinition {
  return STARTUP_SERVICES.find((service) => service.name === name)!;
}

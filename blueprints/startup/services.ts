import type { ContainerResources } from '../../constructs/k8s/restricted-pod';
import type { Capability } from '../capabilities';

/** The names of Plinth's services: container repositories, Kubernetes names, `<name>.cjs` bundles. */
export type PlinthServiceName = 'tracking' | 'drift' | 'gates' | 'inference';

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
];

/** The namespace Plinth's services run in. */
export const SERVICES_NAMESPACE = 'plinth';

/** The service account of the job that creates a service's database and role. */
export function bootstrapServiceAccount(service: PlinthServiceDefinition): string {
  return `${service.name}-database-bootstrap`;
}

/** The definition of a service by name (every name has one). */
export function serviceDefinition(name: PlinthServiceName): PlinthServiceDefinition {
  return STARTUP_SERVICES.find((service) => service.name === name)!;
}

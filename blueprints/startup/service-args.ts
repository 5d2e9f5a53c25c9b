import { CLIENT_CREDENTIALS_DIRECTORY } from '../../constructs/k8s/plinth-service';
import type { DatabaseLogin, ModelRegistryMirror } from '../../constructs/kit';
import { type PlinthServiceDefinition, type PlinthServiceName, SERVICES_NAMESPACE, STARTUP_PREFIXES, serviceDefinition } from './services';

/** What a service's command line is made from: the foundation's handles. */
export interface ServiceArgsContext {
  /** How the service logs in to its database: present when it keeps data in one. */
  readonly login?: DatabaseLogin;
  /** `s3://bucket` or `gs://bucket` (the artifact store's URI). */
  readonly artifactsUri: string;
  /** Present with the gates on. */
  readonly modelRegistry?: ModelRegistryMirror;
  /** The services this environment runs: the console is told the address of each it forwards to. */
  readonly enabled: readonly PlinthServiceName[];
}

/** Seconds between the inference server's looks at the bucket's repository for new or removed versions. */
const REPOSITORY_POLL_SECONDS = 30;

/**
 * Each service's command line after the image's ENTRYPOINT (`<service> serve`); PlinthService adds
 * `--port`. One row per service, so what each is told is readable at a glance.
 */
const SERVICE_ARGS: Readonly<Record<PlinthServiceName, (definition: PlinthServiceDefinition, context: ServiceArgsContext) => string[]>> = {
  tracking: (definition, context) => [...databaseArgs(definition, context), '--artifacts', bucketFolder(context, STARTUP_PREFIXES.tracking)],
  drift: (definition, context) => databaseArgs(definition, context),
  gates: (definition, context) => [
    ...databaseArgs(definition, context),
    '--tracking-url',
    serviceUrl('tracking'),
    // A client credential of tracking's API, from the `gates-clients` Secret created out of band.
    '--tracking-token-file',
    `${CLIENT_CREDENTIALS_DIRECTORY}/tracking-token`,
    '--repository',
    bucketFolder(context, STARTUP_PREFIXES.models),
    '--holdouts',
    bucketFolder(context, STARTUP_PREFIXES.datasets),
    ...mirrorArgs(required(context.modelRegistry, definition, 'a model registry mirror')),
  ],
  inference: (definition, context) => [
    '--model-repository',
    bucketFolder(context, STARTUP_PREFIXES.models),
    '--model-cache',
    required(definition.cache, definition, 'a cache folder').mountPath,
    '--model-control-mode',
    'poll',
    '--repository-poll-secs',
    String(REPOSITORY_POLL_SECONDS),
  ],
  console: (definition, context) => [
    // Every interface of the pod (a console on a laptop may default to the loopback); the network policy decides who reaches it.
    '--host',
    '0.0.0.0',
    ...(definition.forwardsTo ?? []).filter((name) => context.enabled.includes(name)).flatMap((name) => [`--${name}-url`, serviceUrl(name)]),
  ],
};

/** A service's arguments, `--port` excepted. */
export function serviceArgs(definition: PlinthServiceDefinition, context: ServiceArgsContext): string[] {
  return SERVICE_ARGS[definition.name](definition, context);
}

/** In-cluster address of a Plinth service: `http://<name>.plinth.svc:<port>`. */
export function serviceUrl(name: PlinthServiceName): string {
  return `http://${name}.${SERVICES_NAMESPACE}.svc:${serviceDefinition(name).port}`;
}

/** Its own database, as its own login, with the cloud's IAM authentication and a verified TLS server. */
function databaseArgs(definition: PlinthServiceDefinition, context: ServiceArgsContext): string[] {
  const { name } = required(definition.database, definition, 'a database');
  const login = required(context.login, definition, 'a database login');
  return ['--database-url', login.url(name), '--database-iam-auth', login.iamAuth];
}

/** The cloud registry the gates mirror every decision into, when they can (SageMaker today). */
function mirrorArgs(registry: ModelRegistryMirror): string[] {
  return registry.notMirroredBecause === undefined ? ['--model-package-group', registry.registryName] : [];
}

/** `s3://bucket/models` (or `gs://…`) for prefix `models/`. */
function bucketFolder(context: ServiceArgsContext, prefix: string): string {
  return `${context.artifactsUri}/${prefix.replace(/\/$/, '')}`;
}

/** A value the foundation makes whenever the service is enabled: its absence is a wiring bug. */
function required<T>(value: T | undefined, definition: PlinthServiceDefinition, what: string): T {
  if (value === undefined) throw new Error(`startup workloads: service "${definition.name}" needs ${what}, which the foundation did not make`);
  return value;
}

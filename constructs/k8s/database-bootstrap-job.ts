import { Construct } from 'constructs';
import { Job } from 'kubernetes-models/batch/v1/Job';
import type { MetadataDatabase, WorkloadIdentity } from '../kit';
import { parseImage } from './image-reference';
import { KubernetesObject } from './kubernetes-object';
import { componentLabels, DNS_LABEL } from './labels';
import { egressPolicy, type DatabaseAddress } from './network-allows';
import type { PlatformNamespace } from './platform-namespace';
import { environment, restrictedPodSpec, type ContainerResources } from './restricted-pod';
import { serviceAccountFor } from './service-account';

/** The server the Job connects to as administrator, and what it creates there. */
export interface BootstrapDatabase extends DatabaseAddress {
  /**
   * The foundation's database: its `bootstrapServerArgs` name the server and the secret with the administrator's
   * login (read at run time, never by Terraform), whichever cloud runs it.
   */
  readonly server: Pick<MetadataDatabase, 'bootstrapServerArgs'>;
  /** The service's database. @default - the service's name */
  readonly name?: string;
  /** The service's IAM login role, owner of the database (on Cloud SQL, the IAM user grantConnect returned). @default "plinth_<service>" */
  readonly role?: string;
  /** Extensions created in the service's database if missing (`['vector']` for pgvector). @default - none */
  readonly extensions?: readonly string[];
}

export interface DatabaseBootstrapJobProps {
  readonly namespace: PlatformNamespace;
  /** The service whose database and role the Job creates (`tracking`): its bundle `/app/<service>.cjs` runs. */
  readonly service: string;
  /** The service's image, `<repository>:<version>`: the same bundle as the service, so the same schema expectations. */
  readonly image: string;
  /**
   * The bundle in `image` that runs the command (`/app/<bundle>.cjs`; every Plinth service's bundle has
   * it): for a database no Plinth service owns, such as pgvector's `vectors` for an app team's RAG code.
   * @default - the service's own
   */
  readonly bundle?: string;
  /**
   * The Job's own identity, `cluster.addWorkloadIdentity(namespace, "<service>-database-bootstrap")`,
   * the only one granted `database.grantAdminCredentials`.
   */
  readonly identity: WorkloadIdentity;
  readonly database: BootstrapDatabase;
  /** Environment variables (`AWS_REGION`). @default - none */
  readonly env?: Readonly<Record<string, string>>;
  /** Retries before the Job is marked failed. @default 4 */
  readonly backoffLimit?: number;
  /**
   * Seconds a finished Job is kept (for its logs) before Kubernetes deletes it; the next apply then
   * creates it again, and it finds the database and role already there.
   * @default 600
   */
  readonly ttlSecondsAfterFinished?: number;
  /** @default - requests 50m CPU and 128Mi memory, limits 500m CPU and 256Mi */
  readonly resources?: ContainerResources;
}

/** What `database bootstrap --extension` accepts. */
const POSTGRES_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

const DEFAULT_RESOURCES: ContainerResources = { requests: { cpu: '50m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } };

/**
 * Creates a service's database and its IAM-authenticated login role, idempotently, with the
 * administrator credentials the cloud manages (read from the secret store at run time). Runs as its
 * own service account, with the same pod security as the services, and reaches only DNS, the
 * database's network on its port and cloud APIs on 443 (the secret store, STS, Cloud SQL's Admin API). `terraform apply` waits for it to complete.
 */
export class DatabaseBootstrapJob extends Construct {
  /** The Job's name, `<service>-database-bootstrap`. */
  readonly name: string;
  /** The service whose database it creates. */
  readonly service: string;
  /** The Job object: the service's Deployment depends on it (`PlinthServiceProps.databaseBootstrap`). */
  readonly resource: KubernetesObject;

  constructor(scope: Construct, id: string, props: DatabaseBootstrapJobProps) {
    super(scope, id);
    const where = `DatabaseBootstrapJob ${this.node.path}`;
    const { service, database } = props;
    if (!DNS_LABEL.test(service)) throw new Error(`${where}: service "${service}" must be a DNS label (lower-case letters, digits and "-")`);
    if (props.bundle !== undefined && !DNS_LABEL.test(props.bundle)) throw new Error(`${where}: bundle "${props.bundle}" must be the name of a Plinth service (its /app/<bundle>.cjs)`);
    const { image, version } = parseImage(props.image, where);
    const backoffLimit = props.backoffLimit ?? 4;
    const ttlSecondsAfterFinished = props.ttlSecondsAfterFinished ?? 600;
    const badExtension = database.extensions?.find((name) => !POSTGRES_NAME.test(name));
    if (badExtension !== undefined) throw new Error(`${where}: database.extensions: "${badExtension}" is not an extension name (lower-case letters, digits and _, starting with a letter or _)`);
    if (!Number.isInteger(backoffLimit) || backoffLimit < 0) throw new Error(`${where}: backoffLimit must be a whole number, got ${backoffLimit}`);
    if (!Number.isInteger(ttlSecondsAfterFinished) || ttlSecondsAfterFinished < 0) throw new Error(`${where}: ttlSecondsAfterFinished must be a whole number of seconds, got ${ttlSecondsAfterFinished}`);
    this.service = service;
    this.name = `${service}-database-bootstrap`;
    const namespace = props.namespace.name;
    const labels = componentLabels(this.name, version);
    const selector = { 'app.kubernetes.io/name': this.name };
    const inNamespace = props.namespace.inNamespace;

    const account = new KubernetesObject(this, 'ServiceAccount', serviceAccountFor(props.identity, namespace, labels, where), inNamespace);
    const egress = egressPolicy(this.name, namespace, selector, labels, { database, cloudApis: true }, where)!;
    const egressPolicyObject = new KubernetesObject(this, 'EgressPolicy', egress, inNamespace);
    this.resource = new KubernetesObject(
      this,
      'Job',
      new Job({
        metadata: { name: this.name, namespace, labels },
        spec: {
          backoffLimit,
          ttlSecondsAfterFinished,
          template: {
            metadata: { labels },
            spec: {
              ...restrictedPodSpec({
                serviceAccountName: props.identity.serviceAccountName,
                container: {
                  name: 'bootstrap',
                  image,
                  imagePullPolicy: 'IfNotPresent',
                  command: ['node', `/app/${props.bundle ?? service}.cjs`],
                  args: [
                    'database',
                    'bootstrap',
                    database.server.bootstrapServerArgs,
                    ['--database', database.name ?? service],
                    ['--role', database.role ?? `plinth_${service}`],
                    ...(database.extensions ?? []).map((name) => ['--extension', name]),
                  ].flat(),
                  env: environment(props.env ?? {}),
                  resources: props.resources ?? DEFAULT_RESOURCES,
                },
              }),
              restartPolicy: 'Never',
            },
          },
        },
      }),
      {
        // Without its egress allow the first attempts would fail on the default deny.
        dependsOn: [...inNamespace.dependsOn, account.resource, egressPolicyObject.resource],
        wait: { condition: [{ type: 'Complete', status: 'True' }] },
        timeouts: { create: '10m', update: '10m' },
      },
    );
  }
}

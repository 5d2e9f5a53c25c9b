import { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import { Construct } from 'constructs';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { Service } from 'kubernetes-models/v1/Service';
import type { WorkloadIdentity } from '../kit';
import type { DatabaseBootstrapJob } from './database-bootstrap-job';
import { parseImage } from './image-reference';
import { KubernetesObject, validateOrExplain } from './kubernetes-object';
import { componentLabels, DNS_LABEL, selectorLabels } from './labels';
import { egressPolicy, type EgressAllows } from './network-allows';
import type { PlatformNamespace } from './platform-namespace';
import { environment, restrictedPodSpec, type ContainerResources } from './restricted-pod';
import { serviceAccountFor, serviceAccountWithoutCloudIdentity } from './service-account';

export interface PlinthServiceProps {
  /** Where the service runs (Plinth's services share `plinth`). */
  readonly namespace: PlatformNamespace;
  /** `tracking`, `drift`: names the Deployment, Service and the rest, and is the `app.kubernetes.io/name` label. */
  readonly name: string;
  /** `<repository>:<version>`, an immutable version (never `latest`): also the `app.kubernetes.io/version` label. */
  readonly image: string;
  /** The port the service listens on (its Dockerfile's EXPOSE): passed as `--port`, served by the Service, probed. */
  readonly port: number;
  /** Arguments after the image's ENTRYPOINT (`node /app/<name>.cjs <name> serve`), `--port` excepted. @default - none */
  readonly args?: readonly string[];
  /** Environment variables (`AWS_REGION`); no secrets: those are files. @default - none */
  readonly env?: Readonly<Record<string, string>>;
  /**
   * The service's own cloud identity, from `cluster.addWorkloadIdentity(namespace, name)`: names the
   * service account. `'none'` for a service that calls no cloud API (the console): a service account
   * `<name>` without annotations, bound to no cloud identity, so its pods hold no cloud credential.
   */
  readonly identity: WorkloadIdentity | 'none';
  /**
   * Secret (created out of band, see constructs/k8s/README.md) whose key `tokens` holds the API
   * tokens; mounted read-only and named by `PLINTH_TOKENS_FILE`.
   * @default "<name>-tokens"
   */
  readonly tokensSecretName?: string;
  /**
   * Whether the service checks its callers' tokens against tokens of its own (`tokensSecretName`).
   * The console does not: it passes each signed-in user's token on to the services, which check it.
   * @default true
   */
  readonly ownTokens?: boolean;
  /**
   * The credentials the service presents to the services it calls (the gates: `tracking-token`), in
   * a Secret created out of band (see constructs/k8s/README.md), each key a file under
   * `/var/run/secrets/plinth-clients`, read-only.
   * @default - none mounted: the service calls no other service with a credential
   */
  readonly clientCredentials?: ClientCredentials;
  /**
   * A writable folder for what the service keeps on disk and can fetch again (inference's model
   * cache): an emptyDir, since the root filesystem is read-only. Exceeding `sizeLimit` evicts the pod.
   * @default - none: only /tmp is writable
   */
  readonly cache?: CacheVolume;
  /** @default 1 */
  readonly minReplicas?: number;
  /** @default 3 */
  readonly maxReplicas?: number;
  /** Average CPU use, as a percentage of the request, above which the autoscaler adds replicas. @default 70 */
  readonly targetCpuUtilizationPercent?: number;
  /** @default - requests 100m CPU and 256Mi memory, limits 1 CPU and 512Mi */
  readonly resources?: ContainerResources;
  /** What the service reaches besides DNS: its database, cloud APIs on 443. @default - nothing */
  readonly egress?: EgressAllows;
  /**
   * Who may connect to the service's port besides Prometheus (`scrapedFrom`). `kubectl port-forward`
   * reaches the pod from inside its own network namespace, which network policies do not filter.
   * @default { namespacePods: true } - the namespace's other Plinth pods, which call its API
   */
  readonly callers?: ServiceCallers;
  /**
   * Namespace of the Prometheus that scrapes `/metrics`: it may reach the port, and `serviceMonitor`
   * describes the scrape.
   * @default - not scraped
   */
  readonly scrapedFrom?: string;
  /** Seconds in-flight requests get to finish after SIGTERM before the pod is killed. @default 30 */
  readonly drainSeconds?: number;
  /**
   * The Job that creates the service's database and role: the Deployment is applied after it
   * completed, so the first pods find their database.
   * @default - no database to wait for
   */
  readonly databaseBootstrap?: DatabaseBootstrapJob;
}

/** Who may open connections to a service's port. */
export interface ServiceCallers {
  /** Every pod of the service's namespace (each still needs an egress allow of its own). @default false */
  readonly namespacePods?: boolean;
  /** Every pod of these namespaces: the cluster's ingress controller's (`ingress-nginx`), for instance. @default - none */
  readonly namespaces?: readonly string[];
}

/** The Secret of a service's client credentials. */
export interface ClientCredentials {
  /** @default "<name>-clients" */
  readonly secretName?: string;
}

/** A writable emptyDir mounted in the service's container. */
export interface CacheVolume {
  /** Absolute path of the folder (`/var/lib/plinth/models`). */
  readonly mountPath: string;
  /** @default "2Gi" */
  readonly sizeLimit?: string;
}

/** Where a service finds the credentials of the services it calls: one file per key of its `<name>-clients` Secret. */
export const CLIENT_CREDENTIALS_DIRECTORY = '/var/run/secrets/plinth-clients';

const DEFAULT_RESOURCES: ContainerResources = { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '1', memory: '512Mi' } };
/** Seconds a terminating pod keeps serving, so every kube-proxy and load balancer has removed it from endpoints first. */
const ENDPOINT_DRAIN_SECONDS = 5;
const TOKENS_DIRECTORY = '/var/run/secrets/plinth';
const DEFAULT_CACHE_SIZE = '2Gi';
/** Folders the construct mounts itself: a cache there would hide them. */
const RESERVED_FOLDERS = ['/tmp', TOKENS_DIRECTORY, CLIENT_CREDENTIALS_DIRECTORY];

/**
 * One Plinth service (tracking, drift, gates, inference, the console) deployed the same way: its service
 * account bound to its own cloud identity (or to none), a hardened Deployment, a ClusterIP Service, a disruption
 * budget, a CPU autoscaler, and network policies that let in only its callers (by default the pods of its
 * namespace) and Prometheus, and let out only its database, the services it calls and cloud APIs. The ServiceMonitor is built and
 * validated but not emitted: the monitoring chart, which installs its CRD, carries it.
 */
export class PlinthService extends Construct {
  readonly name: string;
  readonly port: number;
  /** In-cluster address: `http://<name>.<namespace>.svc:<port>`. */
  readonly url: string;
  /** The scrape of `/metrics`, for the monitoring chart's values; undefined when not scraped. */
  readonly serviceMonitor?: ServiceMonitor;

  constructor(scope: Construct, id: string, props: PlinthServiceProps) {
    super(scope, id);
    const where = `PlinthService ${this.node.path}`;
    const { name, port } = props;
    const namespace = props.namespace.name;
    const { image, version } = parseImage(props.image, where);
    const minReplicas = props.minReplicas ?? 1;
    const maxReplicas = props.maxReplicas ?? 3;
    const drainSeconds = props.drainSeconds ?? 30;
    checkProps(props, { minReplicas, maxReplicas, drainSeconds }, where);
    this.name = name;
    this.port = port;
    this.url = `http://${name}.${namespace}.svc:${port}`;

    const labels = componentLabels(name, version);
    const selector = selectorLabels(name);
    const metadata = { name, namespace, labels };
    const inNamespace = props.namespace.inNamespace;
    const emit = (objectId: string, object: ConstructorParameters<typeof KubernetesObject>[2]) => new KubernetesObject(this, objectId, object, inNamespace);

    const identity = props.identity === 'none' ? undefined : props.identity;
    const serviceAccountName = identity?.serviceAccountName ?? name;
    const account = emit('ServiceAccount', identity ? serviceAccountFor(identity, namespace, labels, where) : serviceAccountWithoutCloudIdentity(name, namespace, labels));
    const ownTokens = props.ownTokens ?? true;
    const tokensSecret = props.tokensSecretName ?? `${name}-tokens`;
    const probe = (path: string, periodSeconds: number, failureThreshold: number) => ({ httpGet: { path, port: 'http' }, periodSeconds, failureThreshold, timeoutSeconds: 2 });
    new KubernetesObject(
      this,
      'Deployment',
      new Deployment({
        metadata,
        spec: {
          // No `replicas`: the autoscaler owns the count; Terraform setting it too would undo every scale.
          selector: { matchLabels: selector },
          // A new pod is ready before an old one goes, even with one replica.
          strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
          template: {
            metadata: { labels },
            spec: {
              ...restrictedPodSpec({
                serviceAccountName,
                container: {
                  name,
                  image,
                  imagePullPolicy: 'IfNotPresent',
                  args: ['--port', String(port), ...(props.args ?? [])],
                  env: environment({ ...props.env, ...(ownTokens ? { PLINTH_TOKENS_FILE: `${TOKENS_DIRECTORY}/tokens` } : {}) }),
                  ports: [{ name: 'http', containerPort: port, protocol: 'TCP' }],
                  resources: props.resources ?? DEFAULT_RESOURCES,
                  // Start-up may migrate the database: up to two minutes before liveness applies.
                  startupProbe: probe('/healthz', 5, 24),
                  livenessProbe: probe('/healthz', 10, 3),
                  readinessProbe: probe('/readyz', 5, 2),
                  lifecycle: { preStop: { sleep: { seconds: ENDPOINT_DRAIN_SECONDS } } },
                  volumeMounts: [
                    ...(ownTokens ? [{ name: 'tokens', mountPath: TOKENS_DIRECTORY, readOnly: true }] : []),
                    ...(props.clientCredentials ? [{ name: 'client-credentials', mountPath: CLIENT_CREDENTIALS_DIRECTORY, readOnly: true }] : []),
                    ...(props.cache ? [{ name: 'cache', mountPath: props.cache.mountPath }] : []),
                  ],
                },
                volumes: [
                  ...(ownTokens ? [{ name: 'tokens', secret: { secretName: tokensSecret, items: [{ key: 'tokens', path: 'tokens' }], defaultMode: 0o440 } }] : []),
                  ...(props.clientCredentials ? [{ name: 'client-credentials', secret: { secretName: props.clientCredentials.secretName ?? `${name}-clients`, defaultMode: 0o440 } }] : []),
                  ...(props.cache ? [{ name: 'cache', emptyDir: { sizeLimit: props.cache.sizeLimit ?? DEFAULT_CACHE_SIZE } }] : []),
                ],
              }),
              // The preStop pause, then the service's own drain, then a margin before SIGKILL.
              terminationGracePeriodSeconds: ENDPOINT_DRAIN_SECONDS + drainSeconds + 5,
              topologySpreadConstraints: ['topology.kubernetes.io/zone', 'kubernetes.io/hostname'].map((topologyKey) => ({
                topologyKey,
                maxSkew: 1,
                // Soft, so a one-zone or one-node development cluster still schedules every replica.
                whenUnsatisfiable: 'ScheduleAnyway',
                labelSelector: { matchLabels: selector },
                // Count only pods of the same rollout, so the old ReplicaSet's pods do not skew the new one's.
                matchLabelKeys: ['pod-template-hash'],
              })),
            },
          },
        },
      }),
      { dependsOn: [...inNamespace.dependsOn, account.resource, ...(props.databaseBootstrap ? [props.databaseBootstrap.resource.resource] : [])] },
    );
    emit('Service', new Service({ metadata, spec: { type: 'ClusterIP', selector, ports: [{ name: 'http', port, targetPort: 'http', protocol: 'TCP' }] } }));
    emit(
      'DisruptionBudget',
      new PodDisruptionBudget({
        metadata,
        // One pod at a time, at any size: with one replica a node drain still proceeds (minAvailable 1 would block it).
        // A pod that is not ready anyway may always be evicted, so a crash-looping pod never blocks a drain.
        spec: { maxUnavailable: 1, selector: { matchLabels: selector }, unhealthyPodEvictionPolicy: 'AlwaysAllow' },
      }),
    );
    emit(
      'Autoscaler',
      new HorizontalPodAutoscaler({
        metadata,
        spec: {
          scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
          minReplicas,
          maxReplicas,
          metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: props.targetCpuUtilizationPercent ?? 70 } } }],
        },
      }),
    );

    const httpPort = [{ protocol: 'TCP' as const, port }];
    const allowedCallers = props.callers ?? { namespacePods: true };
    const inNamespaces = (names: readonly string[]) => names.map((other) => ({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': other } } }));
    // An empty list lets nobody in through the network (port-forward still works): the policy says so explicitly.
    const callers = [
      // Other Plinth pods of the namespace call the API (they still need an egress allow of their own).
      ...(allowedCallers.namespacePods ? [{ from: [{ podSelector: {} }], ports: httpPort }] : []),
      // The cluster's ingress controller, for a service published beyond the cluster.
      ...(allowedCallers.namespaces?.length ? [{ from: inNamespaces(allowedCallers.namespaces), ports: httpPort }] : []),
      // Prometheus scrapes /metrics on the service port.
      ...(props.scrapedFrom ? [{ from: inNamespaces([props.scrapedFrom]), ports: httpPort }] : []),
    ];
    emit('IngressPolicy', new NetworkPolicy({ metadata: { ...metadata, name: `${name}-ingress` }, spec: { podSelector: { matchLabels: selector }, policyTypes: ['Ingress'], ingress: callers } }));
    const egress = egressPolicy(name, namespace, selector, labels, props.egress ?? {}, where);
    if (egress) emit('EgressPolicy', egress);

    if (props.scrapedFrom) {
      this.serviceMonitor = new ServiceMonitor({
        metadata: { name, namespace: props.scrapedFrom, labels },
        spec: {
          selector: { matchLabels: selector },
          namespaceSelector: { matchNames: [namespace] },
          endpoints: [{ port: 'http', path: '/metrics', interval: '30s' }],
        },
      });
      validateOrExplain(this.serviceMonitor, `${where}: ServiceMonitor "${name}"`);
    }
  }
}

/** Cross-prop and range checks, each naming the props involved. */
function checkProps(props: PlinthServiceProps, resolved: { minReplicas: number; maxReplicas: number; drainSeconds: number }, where: string): void {
  const { minReplicas, maxReplicas, drainSeconds } = resolved;
  const problems: string[] = [];
  if (props.databaseBootstrap && props.databaseBootstrap.service !== props.name) problems.push(`databaseBootstrap creates the database of "${props.databaseBootstrap.service}", not of "${props.name}"`);
  if (!DNS_LABEL.test(props.name)) problems.push(`name "${props.name}" must be a DNS label (lower-case letters, digits and "-", at most 63)`);
  if (!Number.isInteger(props.port) || props.port < 1024 || props.port > 65535) problems.push(`port must be 1024-65535 (the image runs unprivileged), got ${props.port}`);
  if (props.args?.includes('--port')) problems.push('args must not contain --port: the construct passes --port from the port prop');
  if (props.env && 'PLINTH_TOKENS_FILE' in props.env) problems.push('env must not set PLINTH_TOKENS_FILE: the construct points it at the mounted tokensSecretName');
  if (props.ownTokens === false && props.tokensSecretName !== undefined) problems.push(`tokensSecretName "${props.tokensSecretName}" is set but ownTokens is false: a service without tokens of its own mounts no tokens Secret; drop one of the two`);
  for (const other of props.callers?.namespaces ?? []) {
    if (!DNS_LABEL.test(other)) problems.push(`callers.namespaces: "${other}" must be a namespace name (a DNS label: lower-case letters, digits and "-", at most 63)`);
  }
  if (props.clientCredentials?.secretName !== undefined && !DNS_SUBDOMAIN.test(props.clientCredentials.secretName)) {
    problems.push(`clientCredentials.secretName "${props.clientCredentials.secretName}" must be a Secret name (lower-case letters, digits, "-" and ".", at most 253)`);
  }
  if (props.cache) problems.push(...cacheProblems(props.cache));
  if (!Number.isInteger(minReplicas) || minReplicas < 1) problems.push(`minReplicas must be an integer of at least 1, got ${minReplicas}`);
  if (!Number.isInteger(maxReplicas) || maxReplicas < minReplicas) problems.push(`maxReplicas (${maxReplicas}) must be an integer no smaller than minReplicas (${minReplicas})`);
  if (!Number.isInteger(drainSeconds) || drainSeconds < 1) problems.push(`drainSeconds must be a whole number of seconds of at least 1, got ${drainSeconds}`);
  if (problems.length > 0) throw new Error(`${where}:\n  ${problems.join('\n  ')}`);
}

/** What Kubernetes accepts as a Secret name (an RFC 1123 subdomain). */
const DNS_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** A Kubernetes quantity of bytes, binary or decimal suffix (`2Gi`, `500M`). */
const BYTE_QUANTITY = /^[0-9]+(\.[0-9]+)?(Ki|Mi|Gi|Ti|k|M|G|T)?$/;

function cacheProblems(cache: CacheVolume): string[] {
  const problems: string[] = [];
  const { mountPath } = cache;
  if (!/^\/[^\0]*[^/]$/.test(mountPath) || mountPath.split('/').includes('..')) problems.push(`cache.mountPath "${mountPath}" must be an absolute folder path without ".." or a trailing "/"`);
  const clash = RESERVED_FOLDERS.find((folder) => mountPath === folder || mountPath.startsWith(`${folder}/`) || folder.startsWith(`${mountPath}/`));
  if (clash) problems.push(`cache.mountPath "${mountPath}" overlaps ${clash}, which the construct mounts itself: pick another folder (such as /var/lib/plinth/cache)`);
  if (cache.sizeLimit !== undefined && !BYTE_QUANTITY.test(cache.sizeLimit)) problems.push(`cache.sizeLimit "${cache.sizeLimit}" must be a quantity of bytes such as "2Gi" or "500Mi"`);
  return problems;
}

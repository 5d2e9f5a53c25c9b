import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import { Construct } from 'constructs';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { CronJob } from 'kubernetes-models/batch/v1/CronJob';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import { Service } from 'kubernetes-models/v1/Service';
import type { NodePool, OnlineCache, WorkloadIdentity } from '../../kit';
import { parseImage } from '../image-reference';
import { KubernetesObject, validateOrExplain, type KubernetesModel } from '../kubernetes-object';
import { componentLabels, selectorLabels } from '../labels';
import { egressPolicy } from '../network-allows';
import type { PlatformNamespace } from '../platform-namespace';
import { environment, restrictedPodSpec, type ContainerResources } from '../restricted-pod';
import { serviceAccountFor } from '../service-account';
import { featureStoreYaml, type FeatureStoreYamlValues } from './feature-store-yaml';
import { checkFeatureStoreProps } from './feature-store-props';

/** Feast's Python feature server, release 0.66.0 (the image Feast publishes with every release). */
export const FEAST_IMAGE = 'quay.io/feastdev/feature-server:0.66.0';
export const FEAST_PORTS = { http: 6566, metrics: 8000 } as const;

const REPO_DIRECTORY = '/etc/feast';
const PYTHON_HOOK_DIRECTORY = '/etc/plinth/python';
/** Where the cache's private CA is mounted, beside feature_store.yaml, when it has one. */
const CACHE_CA_FILE = `${REPO_DIRECTORY}/cache-ca.pem`;

/**
 * The `sitecustomize.py` per way of authenticating to the cache, and the variable that switches it on (set to the
 * cache's name): each hook does nothing without its variable, so a laptop or a test imports it harmlessly.
 */
const PYTHON_HOOKS: Readonly<Record<OnlineCache['authentication'], { readonly file: string; readonly variable: string }>> = {
  'aws-iam': { file: 'elasticache_iam.py', variable: 'PLINTH_ELASTICACHE_CACHE_NAME' },
  'gcp-iam': { file: 'memorystore_iam.py', variable: 'PLINTH_MEMORYSTORE_CLUSTER' },
};
const pythonHook = (authentication: OnlineCache['authentication']): string => readFileSync(path.join(__dirname, PYTHON_HOOKS[authentication].file), 'utf8');

export interface FeatureStoreProps {
  readonly namespace: PlatformNamespace;
  /** Names the Deployment, Service, CronJob (`<name>-materialize`) and the rest. @default "feature-server" */
  readonly name?: string;
  /** Feast's feature-server image at an exact release. @default FEAST_IMAGE */
  readonly image?: string;
  /**
   * The identity of the server and the CronJob. The foundation grants it `cache.grantConnect(identity, "feast")`
   * and `artifacts.grantReadWrite(identity, "feature-store/")` (materialization writes the registry's watermarks).
   */
  readonly identity: WorkloadIdentity;
  /** The values of `feature_store.yaml` (`featureStoreYaml`). */
  readonly store: FeatureStoreYamlValues;
  /** The online cache's name (`cache.cacheName`): the IAM tokens are signed for it. */
  readonly cacheName: string;
  /**
   * How the pods authenticate to the cache (`cache.authentication`), which picks the `sitecustomize.py` they load:
   * elasticache_iam.py (SigV4 tokens) or memorystore_iam.py (Google access tokens).
   * @default "aws-iam"
   */
  readonly cacheAuthentication?: OnlineCache['authentication'];
  /**
   * The cache's private CA (`cache.caCertificate`, PEM): mounted beside feature_store.yaml, which verifies the cache with it.
   * @default - the system trust store
   */
  readonly cacheCaCertificate?: string;
  /**
   * What every pod calling the cloud's APIs needs (the cluster's `podEnvironment`: the region on AWS, the project on GCP).
   * @default - `AWS_REGION` set to `region`
   */
  readonly cloudEnvironment?: Readonly<Record<string, string>>;
  /** The network range the cache lives in (the environment's VPC, e.g. `10.0.0.0/16`): the only non-HTTPS egress. */
  readonly cacheNetworkCidr: string;
  /** The cache's nodes' ports besides its port (`cache.nodePorts`: a Redis Cluster's data nodes), also let out to that range. @default - none */
  readonly cacheNodePorts?: OnlineCache['nodePorts'];
  /** Region of the cache and the artifact bucket. */
  readonly region: string;
  /** The CPU pool to pin the pods to (`nodeSelector plinth.dev/pool`). @default - any untainted node: GPU pools are tainted, so a CPU one */
  readonly pool?: NodePool;
  /** Feature server pods; 0 keeps the Deployment (scale it by hand) and the CronJob, without server pods. @default 1 */
  readonly replicas?: number;
  /** @default - requests 250m CPU and 512Mi, limits 1 CPU and 1Gi */
  readonly resources?: ContainerResources;
  /** When `feast materialize-incremental` runs (cron, UTC). @default "7 * * * *" (hourly) */
  readonly materializeSchedule?: string;
  /** Seconds a materialization may run before it is stopped (the next one catches up). @default 3000 */
  readonly materializeTimeoutSeconds?: number;
  /** Namespaces whose pods call the server (inference, Triton's), besides the feature store's own. @default - none */
  readonly clientNamespaces?: readonly string[];
  /** Namespace of the Prometheus that scrapes Feast's metrics port: it may reach it, and `serviceMonitor` describes the scrape. @default - not scraped */
  readonly scrapedFrom?: string;
}

const DEFAULT_RESOURCES: ContainerResources = { requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '1', memory: '1Gi' } };

/**
 * Feast on the CPU pool: the Python feature server (HTTP on 6566, Prometheus metrics on 8000 with
 * `--metrics`), its Service, a disruption budget when it has more than one pod, and a CronJob that
 * runs `feast materialize-incremental <now>` with the same `feature_store.yaml` and identity. The
 * online store is reached with IAM tokens made in the pod (elasticache_iam.py or memorystore_iam.py, as the
 * cache's `authentication` says), the registry and
 * offline data with the identity's grants on the artifact bucket. Egress: the cache's port in its
 * network and HTTPS (S3, STS) only. The ServiceMonitor is built for the monitoring chart's values, like
 * PlinthService's.
 */
export class FeatureStore extends Construct {
  readonly name: string;
  /** Feast's HTTP API: `http://<name>.<namespace>.svc:6566` (`POST /get-online-features`). */
  readonly url: string;
  /** The `feature_store.yaml` the server and the CronJob use; app teams get the same from `plinth feature-store config`. */
  readonly featureStoreYaml: string;
  /** The scrape of Feast's metrics; undefined when not scraped. */
  readonly serviceMonitor?: ServiceMonitor;

  constructor(scope: Construct, id: string, props: FeatureStoreProps) {
    super(scope, id);
    const where = `FeatureStore ${this.node.path}`;
    const name = props.name ?? 'feature-server';
    const namespace = props.namespace.name;
    const { image, version } = parseImage(props.image ?? FEAST_IMAGE, where);
    const replicas = props.replicas ?? 1;
    checkFeatureStoreProps(props, { name, replicas }, where);
    this.name = name;
    this.url = `http://${name}.${namespace}.svc:${FEAST_PORTS.http}`;
    const caCertificatesFile = props.cacheCaCertificate === undefined ? undefined : CACHE_CA_FILE;
    this.featureStoreYaml = featureStoreYaml({ ...props.store, cache: { ...props.store.cache, caCertificatesFile } });

    const labels = componentLabels(name, version);
    const selector = selectorLabels(name);
    const metadata = { name, namespace, labels };
    const { inNamespace } = props.namespace;
    const emit = (objectId: string, object: KubernetesModel, dependsOn: KubernetesObject['resource'][] = inNamespace.dependsOn) => new KubernetesObject(this, objectId, object, { dependsOn });

    const account = emit('ServiceAccount', serviceAccountFor(props.identity, namespace, labels, where));
    const configData = {
      'feature_store.yaml': this.featureStoreYaml,
      'sitecustomize.py': pythonHook(props.cacheAuthentication ?? 'aws-iam'),
      ...(props.cacheCaCertificate !== undefined && { 'cache-ca.pem': props.cacheCaCertificate }),
    };
    const config = emit('Config', new ConfigMap({ metadata, data: configData }));
    const ready = [...inNamespace.dependsOn, account.resource, config.resource];
    // A changed configuration rolls the pods: they read it only at start.
    const configHash = createHash('sha256').update(JSON.stringify(configData)).digest('hex').slice(0, 16);
    // Server and CronJob pods share this label, which their egress selects; each keeps its own name, so the Service selects only servers.
    const feastPods = { 'plinth.dev/feature-store': name };
    const podMetadata = (component: string) => ({ labels: { ...componentLabels(component, version), ...feastPods }, annotations: { 'plinth.dev/config-sha256': configHash } });
    const pod = (container: Parameters<typeof feastPod>[2]) => feastPod(props, image, container, name);

    const probe = (periodSeconds: number, failureThreshold: number) => ({ httpGet: { path: '/health', port: 'http' }, periodSeconds, failureThreshold, timeoutSeconds: 2 });
    emit(
      'Deployment',
      new Deployment({
        metadata,
        spec: {
          // Fixed by the environment's sizes: no autoscaler owns the count.
          replicas,
          selector: { matchLabels: selector },
          strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
          template: {
            metadata: podMetadata(name),
            spec: {
              ...pod({
                name,
                args: ['feast', '--chdir', REPO_DIRECTORY, 'serve', '--host', '0.0.0.0', '--port', String(FEAST_PORTS.http), '--metrics', '--no-access-log'],
                ports: [
                  { name: 'http', containerPort: FEAST_PORTS.http, protocol: 'TCP' },
                  { name: 'metrics', containerPort: FEAST_PORTS.metrics, protocol: 'TCP' },
                ],
                resources: props.resources ?? DEFAULT_RESOURCES,
                // The first registry read from the bucket may take a while on a cold pod.
                startupProbe: probe(5, 24),
                livenessProbe: probe(10, 3),
                readinessProbe: probe(5, 2),
              }),
              topologySpreadConstraints: ['topology.kubernetes.io/zone', 'kubernetes.io/hostname'].map((topologyKey) => ({
                topologyKey,
                maxSkew: 1,
                whenUnsatisfiable: 'ScheduleAnyway',
                labelSelector: { matchLabels: selector },
                matchLabelKeys: ['pod-template-hash'],
              })),
            },
          },
        },
      }),
      ready,
    );

    const timeoutSeconds = props.materializeTimeoutSeconds ?? 3000;
    emit(
      'Materialize',
      new CronJob({
        metadata: { name: `${name}-materialize`, namespace, labels: componentLabels(`${name}-materialize`, version) },
        spec: {
          schedule: props.materializeSchedule ?? '7 * * * *',
          timeZone: 'Etc/UTC',
          // Two runs would write the same rows and race on the registry's watermarks.
          concurrencyPolicy: 'Forbid',
          startingDeadlineSeconds: 600,
          successfulJobsHistoryLimit: 3,
          failedJobsHistoryLimit: 3,
          jobTemplate: {
            spec: {
              backoffLimit: 2,
              activeDeadlineSeconds: timeoutSeconds,
              template: {
                metadata: podMetadata(`${name}-materialize`),
                spec: {
                  ...pod({
                    name: 'materialize',
                    // Feast wants the end of the interval; "now" needs a shell to evaluate.
                    command: ['/bin/sh', '-c', `exec feast --chdir ${REPO_DIRECTORY} materialize-incremental "$(date -u +%Y-%m-%dT%H:%M:%S)"`],
                    resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '2', memory: '4Gi' } },
                  }),
                  restartPolicy: 'Never',
                },
              },
            },
          },
        },
      }),
      ready,
    );

    emit('Service', new Service({ metadata, spec: { type: 'ClusterIP', selector, ports: [{ name: 'http', port: FEAST_PORTS.http, targetPort: 'http', protocol: 'TCP' }] } }));
    // Scraped through its own Service so callers of the API never see the metrics port.
    emit(
      'MetricsService',
      new Service({
        metadata: { ...metadata, name: `${name}-metrics`, labels: { ...labels, 'plinth.dev/scrape': 'metrics' } },
        spec: { type: 'ClusterIP', selector, ports: [{ name: 'metrics', port: FEAST_PORTS.metrics, targetPort: 'metrics', protocol: 'TCP' }] },
      }),
    );
    if (replicas > 1) {
      emit('DisruptionBudget', new PodDisruptionBudget({ metadata, spec: { maxUnavailable: 1, selector: { matchLabels: selector }, unhealthyPodEvictionPolicy: 'AlwaysAllow' } }));
    }

    const tcp = (port: number) => [{ protocol: 'TCP' as const, port }];
    const nodePorts = props.cacheNodePorts ? [{ protocol: 'TCP' as const, port: props.cacheNodePorts.from, endPort: props.cacheNodePorts.to }] : [];
    const fromNamespace = (ns: string) => ({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': ns } } });
    emit(
      'IngressPolicy',
      new NetworkPolicy({
        metadata: { ...metadata, name: `${name}-ingress` },
        spec: {
          podSelector: { matchLabels: selector },
          policyTypes: ['Ingress'],
          ingress: [
            { from: [{ podSelector: {} }, ...(props.clientNamespaces ?? []).map(fromNamespace)], ports: tcp(FEAST_PORTS.http) },
            ...(props.scrapedFrom ? [{ from: [fromNamespace(props.scrapedFrom)], ports: tcp(FEAST_PORTS.metrics) }] : []),
          ],
        },
      }),
    );
    // The server and the CronJob share the egress: the cache's port, and S3 and STS on 443.
    emit('EgressPolicy', egressPolicy(name, namespace, feastPods, labels, { cloudApis: true }, where)!);
    emit(
      'CacheEgressPolicy',
      new NetworkPolicy({
        metadata: { ...metadata, name: `${name}-cache-egress` },
        spec: {
          podSelector: { matchLabels: feastPods },
          policyTypes: ['Egress'],
          egress: [{ to: [{ ipBlock: { cidr: props.cacheNetworkCidr } }], ports: [...tcp(props.store.cache.port), ...nodePorts] }],
        },
      }),
    );

    if (props.scrapedFrom) {
      this.serviceMonitor = new ServiceMonitor({
        metadata: { name, namespace: props.scrapedFrom, labels },
        spec: {
          selector: { matchLabels: { ...selector, 'plinth.dev/scrape': 'metrics' } },
          namespaceSelector: { matchNames: [namespace] },
          endpoints: [{ port: 'metrics', path: '/metrics', interval: '30s' }],
        },
      });
      validateOrExplain(this.serviceMonitor, `${where}: ServiceMonitor "${name}"`);
    }
  }
}

/**
 * A restricted Feast pod on the CPU pool (no GPU toleration): the repository directory holds only
 * `feature_store.yaml` (the server and `materialize-incremental` read the definitions from the
 * registry), and Python loads the cache's IAM hook as `sitecustomize`.
 */
function feastPod(props: FeatureStoreProps, image: string, container: Omit<NonNullable<IPodSpec['containers']>[number], 'image' | 'securityContext'>, name: string): IPodSpec {
  const spec = restrictedPodSpec({
    serviceAccountName: props.identity.serviceAccountName,
    container: {
      ...container,
      image,
      imagePullPolicy: 'IfNotPresent',
      env: environment({
        ...(props.cloudEnvironment ?? { AWS_REGION: props.region }),
        [PYTHON_HOOKS[props.cacheAuthentication ?? 'aws-iam'].variable]: props.cacheName,
        PYTHONPATH: PYTHON_HOOK_DIRECTORY,
        // The root filesystem is read-only: caches and Prometheus' multiprocess files go to /tmp.
        HOME: '/tmp',
      }),
      volumeMounts: [
        { name: 'config', mountPath: REPO_DIRECTORY, readOnly: true },
        { name: 'python-hook', mountPath: PYTHON_HOOK_DIRECTORY, readOnly: true },
      ],
    },
    volumes: [
      {
        name: 'config',
        configMap: {
          name,
          items: [
            { key: 'feature_store.yaml', path: 'feature_store.yaml' },
            ...(props.cacheCaCertificate !== undefined ? [{ key: 'cache-ca.pem', path: path.posix.basename(CACHE_CA_FILE) }] : []),
          ],
        },
      },
      { name: 'python-hook', configMap: { name, items: [{ key: 'sitecustomize.py', path: 'sitecustomize.py' }] } },
    ],
  });
  return props.pool ? { ...spec, nodeSelector: { 'plinth.dev/pool': props.pool.name } } : spec;
}

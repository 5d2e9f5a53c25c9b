import { TerraformStack } from 'cdktf';
import { parse } from 'yaml';
import { FEAST_IMAGE, FeatureStore, type FeatureStoreProps } from '../../../../constructs/k8s/feature-store/feature-store';
import { PlatformNamespace } from '../../../../constructs/k8s/platform-namespace';
import type { StackJson } from '../../../support/synth';
import { identity, manifestOf, manifests, synthK8sStack, validateAgainstUpstreamSchema, type Manifest } from '../k8s-synth';

const STORE = {
  project: 'acme_prod',
  artifactUri: 's3://acme-prod-artifacts',
  cache: { host: 'master.acme-prod-cache.abc123.euw1.cache.amazonaws.com', port: 6379, user: 'acme-prod-cache-feast' },
};

function synth(overrides: Partial<FeatureStoreProps> = {}): { stack: StackJson; store: FeatureStore } {
  let store: FeatureStore | undefined;
  const stack = synthK8sStack((s: TerraformStack) => {
    const namespace = new PlatformNamespace(s, 'FeatureStoreNamespace', { name: 'feature-store' });
    store = new FeatureStore(s, 'FeatureStore', {
      namespace,
      identity: identity('feature-store', 'feature-server'),
      store: STORE,
      cacheName: 'acme-prod-cache',
      cacheNetworkCidr: '10.0.0.0/16',
      region: 'eu-west-1',
      replicas: 2,
      clientNamespaces: ['serving'],
      scrapedFrom: 'monitoring',
      ...overrides,
    });
  });
  return { stack, store: store! };
}

const { stack, store } = synth();
const deployment = manifestOf(stack, 'Deployment', 'feature-server');
const cronJob = manifestOf(stack, 'CronJob', 'feature-server-materialize');
const serverPod = deployment.spec.template;
const jobPod = cronJob.spec.jobTemplate.spec.template;
const envOf = (pod: Manifest) => Object.fromEntries(pod.spec.containers[0].env.map((e: { name: string; value: string }) => [e.name, e.value]));

describe('FeatureStore', () => {
  it('emits only objects that match the upstream Kubernetes schemas', () => {
    for (const manifest of manifests(stack)) validateAgainstUpstreamSchema(manifest);
    validateAgainstUpstreamSchema({ apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor', ...JSON.parse(JSON.stringify(store.serviceMonitor)) });
  });

  it('runs the Feast feature server image pinned to an exact release, never latest', () => {
    expect(FEAST_IMAGE).toMatch(/^quay\.io\/feastdev\/feature-server:\d+\.\d+\.\d+$/);
    expect(serverPod.spec.containers[0].image).toBe(FEAST_IMAGE);
    expect(jobPod.spec.containers[0].image).toBe(FEAST_IMAGE);
    expect(() => synth({ image: 'quay.io/feastdev/feature-server:latest' })).toThrow(/at "latest"/);
  });

  it('serves HTTP on all interfaces with metrics on, and is probed on /health', () => {
    const container = serverPod.spec.containers[0];
    expect(container.args).toEqual(['feast', '--chdir', '/etc/feast', 'serve', '--host', '0.0.0.0', '--port', '6566', '--metrics', '--no-access-log']);
    expect(container.readinessProbe.httpGet).toEqual({ path: '/health', port: 'http' });
    expect(deployment.spec.replicas).toBe(2);
    expect(store.url).toBe('http://feature-server.feature-store.svc:6566');
  });

  it('gives the server and the CronJob the same feature_store.yaml, and the IAM hook as sitecustomize on PYTHONPATH', () => {
    const config = manifestOf(stack, 'ConfigMap', 'feature-server');
    expect(config.data['feature_store.yaml']).toBe(store.featureStoreYaml);
    expect(parse(store.featureStoreYaml).online_store.connection_string).toBe(`${STORE.cache.host}:6379,ssl=true,username=acme-prod-cache-feast`);
    expect(config.data['sitecustomize.py']).toContain('def elasticache_iam_token(');
    for (const pod of [serverPod, jobPod]) {
      expect(pod.spec.volumes).toEqual(expect.arrayContaining([
        { name: 'config', configMap: { name: 'feature-server', items: [{ key: 'feature_store.yaml', path: 'feature_store.yaml' }] } },
        { name: 'python-hook', configMap: { name: 'feature-server', items: [{ key: 'sitecustomize.py', path: 'sitecustomize.py' }] } },
      ]));
      expect(envOf(pod)).toEqual({ AWS_REGION: 'eu-west-1', PLINTH_ELASTICACHE_CACHE_NAME: 'acme-prod-cache', PYTHONPATH: '/etc/plinth/python', HOME: '/tmp' });
      expect(pod.metadata.annotations['plinth.dev/config-sha256']).toMatch(/^[0-9a-f]{16}$/);
    }
  });

  it('rolls the pods when the configuration changes', () => {
    const other = synth({ store: { ...STORE, project: 'acme_staging' } }).stack;
    const hash = (s: StackJson) => manifestOf(s, 'Deployment', 'feature-server').spec.template.metadata.annotations['plinth.dev/config-sha256'];
    expect(hash(other)).not.toBe(hash(stack));
  });

  it('runs server and CronJob as the feature store identity, with no API token and no secret', () => {
    const account = manifestOf(stack, 'ServiceAccount', 'feature-server');
    expect(account.metadata.annotations['eks.amazonaws.com/role-arn']).toBe('arn:aws:iam::123456789012:role/feature-server');
    for (const pod of [serverPod, jobPod]) {
      expect(pod.spec.serviceAccountName).toBe('feature-server');
      expect(pod.spec.automountServiceAccountToken).toBe(false);
      expect(JSON.stringify(pod.spec)).not.toMatch(/secret/i);
    }
    expect(manifests(stack).some((m) => m.kind === 'Secret')).toBe(false);
  });

  it('is pinned to a named pool when given one', () => {
    const pinned = synth({ pool: { cloud: 'test', description: 'node pool system', name: 'system' } }).stack;
    expect(manifestOf(pinned, 'Deployment', 'feature-server').spec.template.spec.nodeSelector).toEqual({ 'plinth.dev/pool': 'system' });
    expect(manifestOf(pinned, 'CronJob', 'feature-server-materialize').spec.jobTemplate.spec.template.spec.nodeSelector).toEqual({ 'plinth.dev/pool': 'system' });
  });

  it('stays on the CPU pool (no GPU toleration) and meets the restricted pod security standard', () => {
    for (const pod of [serverPod, jobPod]) {
      expect(pod.spec.tolerations).toBeUndefined();
      expect(pod.spec.nodeSelector).toBeUndefined();
      expect(pod.spec.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
      expect(pod.spec.containers[0].securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    }
  });

  it('materializes incrementally up to now, hourly by default, one run at a time', () => {
    expect(cronJob.spec).toMatchObject({ schedule: '7 * * * *', timeZone: 'Etc/UTC', concurrencyPolicy: 'Forbid' });
    expect(jobPod.spec.restartPolicy).toBe('Never');
    expect(jobPod.spec.containers[0].command).toEqual(['/bin/sh', '-c', 'exec feast --chdir /etc/feast materialize-incremental "$(date -u +%Y-%m-%dT%H:%M:%S)"']);
    expect(synth({ materializeSchedule: '*/15 * * * *' }).stack).toBeDefined();
  });

  it('selects only server pods with the Service and the disruption budget, not materialization pods', () => {
    const selector = manifestOf(stack, 'Service', 'feature-server').spec.selector;
    expect(selector).toEqual({ 'app.kubernetes.io/name': 'feature-server' });
    expect(jobPod.metadata.labels['app.kubernetes.io/name']).toBe('feature-server-materialize');
    expect(manifestOf(stack, 'PodDisruptionBudget', 'feature-server').spec).toMatchObject({ maxUnavailable: 1, selector: { matchLabels: selector } });
  });

  it('has a disruption budget only with more than one replica; 0 replicas keeps the Deployment and the CronJob', () => {
    for (const replicas of [0, 1]) {
      const small = synth({ replicas }).stack;
      expect(manifests(small).filter((m) => m.kind === 'PodDisruptionBudget')).toEqual([]);
      expect(manifestOf(small, 'Deployment', 'feature-server').spec.replicas).toBe(replicas);
      expect(manifestOf(small, 'CronJob', 'feature-server-materialize')).toBeDefined();
    }
  });

  it('lets out only the cache port inside its network and HTTPS for S3 and STS', () => {
    // Besides the namespace's own DNS allow.
    const egress = manifests(stack).filter((m) => m.kind === 'NetworkPolicy' && m.metadata.name.startsWith('feature-server') && m.spec.policyTypes.includes('Egress'));
    const rules = egress.flatMap((policy) => policy.spec.egress);
    expect(rules).toEqual(expect.arrayContaining([
      { to: [{ ipBlock: { cidr: '10.0.0.0/16' } }], ports: [{ protocol: 'TCP', port: 6379 }] },
      { to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ protocol: 'TCP', port: 443 }] },
    ]));
    expect(rules).toHaveLength(2);
    for (const policy of egress) expect(policy.spec.podSelector.matchLabels).toEqual({ 'plinth.dev/feature-store': 'feature-server' });
    for (const pod of [serverPod, jobPod]) expect(pod.metadata.labels['plinth.dev/feature-store']).toBe('feature-server');
  });

  it('on Memorystore: loads memorystore_iam.py with the cloud\'s pod environment, mounts the cluster\'s CA and lets out to its data nodes', () => {
    const gcp = synth({
      store: { ...STORE, artifactUri: 'gs://acme-prod-artifacts', cache: { host: '10.0.0.7', port: 6379, user: 'default', clusterMode: true } },
      cacheAuthentication: 'gcp-iam',
      cacheCaCertificate: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
      cacheNodePorts: { from: 11000, to: 13047 },
      cloudEnvironment: { GOOGLE_CLOUD_PROJECT: 'acme-prod' },
    });
    const config = manifestOf(gcp.stack, 'ConfigMap', 'feature-server');
    expect(config.data['sitecustomize.py']).toContain('def fetch_access_token(');
    expect(config.data['cache-ca.pem']).toContain('BEGIN CERTIFICATE');
    expect(parse(gcp.store.featureStoreYaml).online_store).toMatchObject({ redis_type: 'redis_cluster', connection_string: expect.stringContaining(',ssl_ca_certs=/etc/feast/cache-ca.pem,') });
    const pods = [manifestOf(gcp.stack, 'Deployment', 'feature-server').spec.template, manifestOf(gcp.stack, 'CronJob', 'feature-server-materialize').spec.jobTemplate.spec.template];
    for (const pod of pods) {
      expect(envOf(pod)).toEqual({ GOOGLE_CLOUD_PROJECT: 'acme-prod', PLINTH_MEMORYSTORE_CLUSTER: 'acme-prod-cache', PYTHONPATH: '/etc/plinth/python', HOME: '/tmp' });
      const volume = pod.spec.volumes.find((v: { name: string }) => v.name === 'config');
      expect(volume.configMap.items).toEqual([{ key: 'feature_store.yaml', path: 'feature_store.yaml' }, { key: 'cache-ca.pem', path: 'cache-ca.pem' }]);
    }
    const cacheEgress = manifestOf(gcp.stack, 'NetworkPolicy', 'feature-server-cache-egress');
    expect(cacheEgress.spec.egress).toEqual([{ to: [{ ipBlock: { cidr: '10.0.0.0/16' } }], ports: [{ protocol: 'TCP', port: 6379 }, { protocol: 'TCP', port: 11000, endPort: 13047 }] }]);
    expect(() => synth({ cacheNodePorts: { from: 13047, to: 11000 } })).toThrow(/cacheNodePorts must be a range of ports .* got 13047-11000/);
  });

  it('lets callers of its namespace and the client namespaces reach the API, and only Prometheus the metrics', () => {
    const ingress = manifestOf(stack, 'NetworkPolicy', 'feature-server-ingress').spec.ingress;
    expect(ingress).toEqual([
      { from: [{ podSelector: {} }, { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'serving' } } }], ports: [{ protocol: 'TCP', port: 6566 }] },
      { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }], ports: [{ protocol: 'TCP', port: 8000 }] },
    ]);
  });

  it('describes the scrape of the metrics port for the monitoring chart, only when monitored', () => {
    expect(store.serviceMonitor?.spec).toMatchObject({
      selector: { matchLabels: { 'app.kubernetes.io/name': 'feature-server', 'plinth.dev/scrape': 'metrics' } },
      namespaceSelector: { matchNames: ['feature-store'] },
      endpoints: [{ port: 'metrics', path: '/metrics' }],
    });
    expect(manifestOf(stack, 'Service', 'feature-server-metrics').spec.ports).toEqual([{ name: 'metrics', port: 8000, targetPort: 'metrics', protocol: 'TCP' }]);
    expect(synth({ scrapedFrom: undefined }).store.serviceMonitor).toBeUndefined();
  });

  it('refuses bad props, every problem at once, each naming its prop', () => {
    expect(() => synth({ replicas: -1, materializeSchedule: 'hourly', cacheNetworkCidr: '10.0.0.0', materializeTimeoutSeconds: 5 })).toThrow(
      /FeatureStore test\/FeatureStore:\n  replicas must be .* got -1\n  materializeSchedule "hourly" .*\n  materializeTimeoutSeconds .* got 5\n  cacheNetworkCidr .* got "10\.0\.0\.0"/,
    );
    expect(() => synth({ identity: identity('serving', 'feature-server') })).toThrow(/is for namespace "serving", but the workload runs in "feature-store"/);
    expect(() => synth({ store: { ...STORE, project: '_bad' } })).toThrow(/project "_bad"/);
  });
});

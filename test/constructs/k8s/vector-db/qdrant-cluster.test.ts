import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import type { TerraformStack } from 'cdktf';
import { CronJob } from 'kubernetes-models/batch/v1/CronJob';
import { StorageClass } from 'kubernetes-models/storage.k8s.io/v1/StorageClass';
import type { ArtifactStore, EncryptedVolumeClass } from '../../../../constructs/kit';
import { HELM_CHARTS } from '../../../../constructs/k8s/helm/catalogue';
import { toAdditionalServiceMonitor } from '../../../../constructs/k8s/monitoring/service-monitor-values';
import { PlatformNamespace } from '../../../../constructs/k8s/platform-namespace';
import { QdrantCluster, type QdrantClusterProps } from '../../../../constructs/k8s/vector-db/qdrant-cluster';
import { SNAPSHOT_CLIENT_IMAGE } from '../../../../constructs/k8s/vector-db/qdrant-snapshot-schedule';
import { identity, manifestOf, manifests, validateAgainstUpstreamSchema } from '../k8s-synth';
import { helmReleases, synthK8sStack } from '../helm/synth-k8s';

const KEY_ARN = 'arn:aws:kms:eu-west-1:123456789012:key/0f1e2d3c-4b5a-6978-8695-a4b3c2d1e0f9';
const ebs: EncryptedVolumeClass = { provisioner: 'ebs.csi.aws.com', parameters: { type: 'gp3', encrypted: 'true', kmsKeyId: KEY_ARN } };
const artifacts: ArtifactStore = { uri: 's3://acme-artifacts', bucketName: 'acme-artifacts', s3Api: { region: 'eu-west-1' }, grantRead: () => undefined, grantReadWrite: () => undefined };
const GCP_KEY = 'projects/acme-ml-dev/locations/europe-west4/keyRings/acme-ml-dev/cryptoKeys/acme-ml-dev';
const persistentDisk: EncryptedVolumeClass = { provisioner: 'pd.csi.storage.gke.io', parameters: { type: 'pd-balanced', 'disk-encryption-kms-key': GCP_KEY } };
/** A GCS store: no S3 API for workload identities. */
const gcs: ArtifactStore = { uri: 'gs://acme-artifacts', bucketName: 'acme-artifacts', grantRead: () => undefined, grantReadWrite: () => undefined };

function synth(overrides: Partial<QdrantClusterProps> = {}) {
  let qdrant!: QdrantCluster;
  const stack = synthK8sStack((s: TerraformStack) => {
    const namespace = new PlatformNamespace(s, 'VectorDb', { name: 'vector-db' });
    qdrant = new QdrantCluster(s, 'Qdrant', {
      namespace,
      replicas: 3,
      volumeGb: 100,
      volumeClass: ebs,
      identity: identity('vector-db', 'qdrant'),
      artifacts,
      clientNamespaces: ['vector-db', 'llm'],
      monitoring: { namespace: 'monitoring' },
      ...overrides,
    });
  });
  const release = helmReleases(stack)['qdrant']!;
  return { stack, qdrant, release, values: release.parsedValues };
}

/** Every string anywhere in the synthesized JSON, values and keys. */
function everyString(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(everyString);
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => [k, ...everyString(v)]);
  return [];
}

describe('QdrantCluster', () => {
  const { stack, qdrant, release, values } = synth();

  it('installs the pinned chart and image, atomically, in its namespace', () => {
    expect(release).toMatchObject({ chart: 'qdrant', repository: 'https://qdrant.github.io/qdrant-helm', version: '1.19.0', namespace: 'vector-db', atomic: true, create_namespace: false });
    expect(HELM_CHARTS.qdrant.appVersion).toBe(`qdrant ${values.image.tag}`);
    expect(values.image).toEqual({ repository: 'docker.io/qdrant/qdrant', tag: 'v1.19.0', useUnprivilegedImage: true, pullPolicy: 'IfNotPresent' });
    expect(values.fullnameOverride).toBe('qdrant');
    expect(qdrant.url).toBe('http://qdrant.vector-db.svc:6333');
    expect(qdrant.grpcAddress).toBe('qdrant.vector-db.svc:6334');
  });

  it('runs 3 peers in cluster mode, each shard on 2 of them, never 2 peers on one node', () => {
    expect(values.replicaCount).toBe(3);
    expect(values.config.cluster).toMatchObject({ enabled: true, p2p: { port: 6335 } });
    expect(values.config.storage.collection).toEqual({ replication_factor: 2, write_consistency_factor: 1 });
    const pods = { matchLabels: { 'app.kubernetes.io/name': 'qdrant', 'app.kubernetes.io/instance': 'qdrant' } };
    expect(values.affinity).toEqual({ podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname', labelSelector: pods }] } });
    expect(values.topologySpreadConstraints).toEqual([{ topologyKey: 'topology.kubernetes.io/zone', maxSkew: 1, whenUnsatisfiable: 'ScheduleAnyway', labelSelector: pods }]);
    expect(values.podDisruptionBudget).toEqual({ enabled: true, maxUnavailable: 1, unhealthyPodEvictionPolicy: 'AlwaysAllow' });
  });

  it('keeps data on EBS volumes encrypted with the environment key, kept when the claim goes', () => {
    const storageClass = manifestOf(stack, 'StorageClass', 'vector-db-qdrant-encrypted');
    const { apiVersion: _a, kind: _k, ...data } = storageClass;
    new StorageClass(data as ConstructorParameters<typeof StorageClass>[0]).validate();
    expect(storageClass).toMatchObject({
      provisioner: 'ebs.csi.aws.com',
      parameters: { type: 'gp3', encrypted: 'true', kmsKeyId: KEY_ARN },
      reclaimPolicy: 'Retain',
      volumeBindingMode: 'WaitForFirstConsumer',
      allowVolumeExpansion: true,
    });
    expect(values.persistence).toEqual({ size: '100Gi', storageClassName: 'vector-db-qdrant-encrypted', accessModes: ['ReadWriteOnce'] });
    expect(release.depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/^kubernetes_manifest\.Qdrant_StorageClass/)]));
  });

  it('reads both API keys from the out-of-band Secret: no key, chart-made Secret or apiKey value anywhere in the stack', () => {
    const ref = (key: string) => ({ secretKeyRef: { name: 'qdrant-api-key', key, optional: false } });
    expect(values.env).toEqual([
      { name: 'QDRANT__SERVICE__API_KEY', valueFrom: ref('api-key') },
      { name: 'QDRANT__SERVICE__READ_ONLY_API_KEY', valueFrom: ref('read-only-api-key') },
    ]);
    expect(values).not.toHaveProperty('apiKey');
    expect(values).not.toHaveProperty('readOnlyApiKey');
    expect(manifests(stack).filter((m) => m.kind === 'Secret')).toEqual([]);
    expect(release).not.toHaveProperty('set_sensitive');
    expect(release).not.toHaveProperty('set');
    // A literal key would have to appear as Qdrant's `api_key` setting or a chart `apiKey`: only variable names do
    // (Qdrant's two, and the snapshot schedule's, which its script only expands).
    const valuesYaml = release.values[0];
    const strings = [...everyString(stack).filter((s) => s !== valuesYaml), ...everyString(values)];
    const mentions = strings.filter((s) => /api_key|apiKey/i.test(s.replace(/\$QDRANT_API_KEY\b|QDRANT_API_KEY=|\$QDRANT_API_KEY_FILE/g, '')));
    expect([...new Set(mentions)].sort()).toEqual(['QDRANT_API_KEY_FILE', 'QDRANT__SERVICE__API_KEY', 'QDRANT__SERVICE__READ_ONLY_API_KEY']);
  });

  it('runs restricted pods: unprivileged image, no root init container, no capability, read-only root, RuntimeDefault seccomp', () => {
    expect(values.updateVolumeFsOwnership).toBe(false);
    expect(values.containerSecurityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 1000,
      runAsGroup: 1000,
      allowPrivilegeEscalation: false,
      privileged: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(values.podSecurityContext).toEqual({ runAsNonRoot: true, fsGroup: 1000, fsGroupChangePolicy: 'OnRootMismatch', seccompProfile: { type: 'RuntimeDefault' } });
    expect(values.config.telemetry_disabled).toBe(true);
  });

  it('writes snapshots to the artifact bucket under vector-db/snapshots/ with its own identity (IRSA web identity)', () => {
    expect(values.config.storage).toMatchObject({
      snapshots_path: './vector-db/snapshots',
      snapshots_config: { snapshots_storage: 's3', s3_config: { bucket: 'acme-artifacts', region: 'eu-west-1' } },
    });
    expect(values.serviceAccount.annotations).toEqual({ 'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/qdrant' });
    expect(values.additionalVolumeMounts).toEqual([{ name: 'snapshot-staging', mountPath: '/qdrant/vector-db/snapshots' }]);
  });

  it('asks every peer for a snapshot of every collection each night, with the admin key from the Secret as a file, in a restricted pod', () => {
    const cronJob = manifestOf(stack, 'CronJob', 'qdrant-snapshots');
    const { apiVersion: _a, kind: _k, ...data } = cronJob;
    new CronJob(data as ConstructorParameters<typeof CronJob>[0]).validate();
    expect(cronJob.spec).toMatchObject({ schedule: '0 3 * * *', concurrencyPolicy: 'Forbid' });
    const pod = cronJob.spec.jobTemplate.spec.template.spec;
    const container = pod.containers[0];
    expect(container.image).toBe(SNAPSHOT_CLIENT_IMAGE);
    expect(container.env).toEqual([
      { name: 'QDRANT', value: 'qdrant' },
      { name: 'NAMESPACE', value: 'vector-db' },
      { name: 'REPLICAS', value: '3' },
      { name: 'KEEP_NEWEST_ONLY', value: '0' },
      { name: 'QDRANT_API_KEY_FILE', value: '/var/run/qdrant/api-key' },
    ]);
    expect(pod.volumes).toContainEqual({ name: 'api-key', secret: { secretName: 'qdrant-api-key', items: [{ key: 'api-key', path: 'api-key' }], defaultMode: 0o440 } });
    expect(container.securityContext).toMatchObject({ runAsNonRoot: true, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    expect(pod.automountServiceAccountToken).toBe(false);
    // POSIX sh syntax (busybox ash in the image; dash here).
    expect(spawnSync('sh', ['-n', '-c', container.command[2]]).status).toBe(0);
    expect(container.command[2]).toContain('http://$QDRANT-$i.$QDRANT-headless.$NAMESPACE.svc:6333');
    const egress = manifestOf(stack, 'NetworkPolicy', 'qdrant-snapshots-egress');
    validateAgainstUpstreamSchema(egress);
    expect(egress.spec.egress).toEqual([{ to: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'qdrant', 'app.kubernetes.io/instance': 'qdrant' } } }], ports: [{ protocol: 'TCP', port: 6333 }] }]);
    expect(() => synth({ snapshotSchedule: 'daily' })).toThrow('snapshotSchedule "daily" must be a cron schedule of five fields, such as "0 3 * * *"');
  });

  it('lets in only the client namespaces, its peers, the snapshot schedule and Prometheus; out only its peers and HTTPS', () => {
    const traffic = manifestOf(stack, 'NetworkPolicy', 'qdrant-traffic');
    const egress = manifestOf(stack, 'NetworkPolicy', 'qdrant-egress');
    for (const policy of [traffic, egress]) validateAgainstUpstreamSchema(policy);
    const pods = { matchLabels: { 'app.kubernetes.io/name': 'qdrant', 'app.kubernetes.io/instance': 'qdrant' } };
    const inNamespaces = (...values: string[]) => ({ namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values }] } });
    const tcp = (...ports: number[]) => ports.map((port) => ({ protocol: 'TCP', port }));
    expect(traffic.spec).toEqual({
      podSelector: pods,
      policyTypes: ['Ingress', 'Egress'],
      ingress: [
        { from: [inNamespaces('vector-db', 'llm')], ports: tcp(6333, 6334) },
        { from: [{ podSelector: pods }], ports: tcp(6335, 6333) },
        { from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'qdrant-snapshots' } } }], ports: tcp(6333) },
        { from: [inNamespaces('monitoring')], ports: tcp(6333) },
      ],
      egress: [{ to: [{ podSelector: pods }], ports: tcp(6335, 6333) }],
    });
    expect(egress.spec.egress).toEqual([{ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: tcp(443) }]);
  });

  it('hands the monitoring stack a ServiceMonitor that authenticates with the read-only key; none without monitoring', () => {
    const monitor = qdrant.serviceMonitor!;
    expect(monitor.spec.endpoints).toEqual([
      { port: 'http', path: '/metrics', interval: '30s', authorization: { type: 'Bearer', credentials: { name: 'qdrant-metrics-key', key: 'read-only-api-key' } } },
    ]);
    expect(toAdditionalServiceMonitor(new ServiceMonitor(monitor), 'test')).toMatchObject({ name: 'qdrant', namespaceSelector: { matchNames: ['vector-db'] } });
    expect(values.metrics).toEqual({ serviceMonitor: { enabled: false } });

    const unmonitored = synth({ monitoring: undefined });
    expect(unmonitored.qdrant.serviceMonitor).toBeUndefined();
    expect(manifestOf(unmonitored.stack, 'NetworkPolicy', 'qdrant-traffic').spec.ingress).toHaveLength(3);
  });

  it('a single development peer keeps one copy of each shard', () => {
    const { values: single } = synth({ replicas: 1, volumeGb: 20 });
    expect(single.replicaCount).toBe(1);
    expect(single.config.storage.collection.replication_factor).toBe(1);
    expect(single.persistence.size).toBe('20Gi');
  });

  it.each([
    [{ replicas: 2 }, 'replicas must be 1 or odd (3, 5, …): Qdrant\'s consensus needs a majority of its peers, so 2 peers survive no more failures than 1; got 2'],
    [{ replicas: 4 }, 'so 4 peers survive no more failures than 3; got 4'],
    [{ replicas: 0 }, 'replicas must be a whole number of at least 1, got 0'],
    [{ replicationFactor: 1 }, 'replicationFactor must be at least 2 with 3 replicas: with 1 copy, a failed node takes its shards offline'],
    [{ replicationFactor: 4 }, 'replicationFactor must be a whole number from 1 to replicas (3), got 4'],
    [{ volumeGb: 0.5 }, 'volumeGb must be a whole number of GiB of at least 1, got 0.5'],
    [{ identity: undefined }, 'identity is required: snapshots go to the artifact bucket\'s S3 API with it'],
    [{ clientNamespaces: [] }, 'clientNamespaces must name at least one namespace'],
    [{ identity: identity('vector-db', 'vectors') }, 'but Qdrant runs as vector-db/qdrant; request it with cluster.addWorkloadIdentity("vector-db", "qdrant")'],
  ] as [Partial<QdrantClusterProps>, string][])('refuses %j: %s', (overrides, message) => {
    expect(() => synth(overrides)).toThrow(message);
  });

  it('names every problem at once, with the construct path', () => {
    expect(() => synth({ replicas: 2, volumeGb: 0 })).toThrow(/^QdrantCluster workloads\/Qdrant:\n {2}replicas must be 1 or odd.*\n {2}volumeGb must be/);
  });
});

describe('QdrantCluster on a store without an S3 API for workload identities (GCS)', () => {
  const { stack, qdrant, values } = synth({ volumeClass: persistentDisk, artifacts: gcs, identity: undefined });

  it('keeps data and snapshots on Persistent Disks encrypted with the environment key', () => {
    const storageClass = manifestOf(stack, 'StorageClass', 'vector-db-qdrant-encrypted');
    expect(storageClass).toMatchObject({
      provisioner: 'pd.csi.storage.gke.io',
      parameters: { type: 'pd-balanced', 'disk-encryption-kms-key': GCP_KEY },
      reclaimPolicy: 'Retain',
      volumeBindingMode: 'WaitForFirstConsumer',
    });
    expect(qdrant.snapshotStorage).toBe('volume');
    expect(values.config.storage).toMatchObject({ snapshots_path: './snapshots', snapshots_config: { snapshots_storage: 'local' } });
    expect(values.snapshotPersistence).toEqual({ enabled: true, size: '100Gi', storageClassName: 'vector-db-qdrant-encrypted', accessModes: ['ReadWriteOnce'] });
    expect(values).not.toHaveProperty('additionalVolumes');
  });

  it('calls no cloud API: no identity binding, no egress beyond its peers', () => {
    expect(values.serviceAccount.annotations).toEqual({});
    expect(manifests(stack).filter((m) => m.kind === 'NetworkPolicy').map((m) => m.metadata.name).sort()).toEqual(['allow-dns', 'default-deny', 'qdrant-snapshots-egress', 'qdrant-traffic']);
    expect(JSON.stringify(stack)).not.toMatch(/0\.0\.0\.0\/0|s3_config/);
  });

  it('the nightly schedule keeps only the newest snapshot of each collection on each peer, and fails when a delete fails', () => {
    const container = manifestOf(stack, 'CronJob', 'qdrant-snapshots').spec.jobTemplate.spec.template.spec.containers[0];
    expect(container.env).toContainEqual({ name: 'KEEP_NEWEST_ONLY', value: '1' });
    // The script against a stand-in curl answering as one peer with one collection and two older snapshots.
    const dir = mkdtempSync(path.join(tmpdir(), 'qdrant-snapshots-'));
    const log = path.join(dir, 'calls.log');
    writeFileSync(
      path.join(dir, 'curl'),
      `#!/bin/sh
for last; do :; done
echo "$*" >> "${log}"
case "$*" in
  *"-X POST"*) echo '{"result":{"name":"docs-new.snapshot","size":1},"status":"ok"}' ;;
  *"-X DELETE"*"docs-broken.snapshot"*) exit 22 ;;
  *"-X DELETE"*) echo '{"result":true}' ;;
  *"/collections/docs/snapshots") echo '{"result":[{"name":"docs-old.snapshot"},{"name":"docs-new.snapshot"},{"name":"docs-broken.snapshot"}]}' ;;
  *"/collections") echo '{"result":{"collections":[{"name":"docs"}]}}' ;;
esac
`,
    );
    chmodSync(path.join(dir, 'curl'), 0o755);
    writeFileSync(path.join(dir, 'key'), 'k');
    const env = { PATH: `${dir}:${process.env.PATH}`, QDRANT: 'qdrant', NAMESPACE: 'vector-db', REPLICAS: '1', QDRANT_API_KEY_FILE: path.join(dir, 'key') };
    const run = spawnSync('sh', ['-c', container.command[2]], { env: { ...env, KEEP_NEWEST_ONLY: '1' }, encoding: 'utf8' });
    const deletes = readFileSync(log, 'utf8').split('\n').filter((line) => line.includes('-X DELETE'));
    expect(deletes.map((line) => line.split(' ').pop())).toEqual([
      'http://qdrant-0.qdrant-headless.vector-db.svc:6333/collections/docs/snapshots/docs-old.snapshot?wait=true',
      'http://qdrant-0.qdrant-headless.vector-db.svc:6333/collections/docs/snapshots/docs-broken.snapshot?wait=true',
    ]);
    expect(run.stderr).toContain('cannot delete snapshot docs-broken.snapshot of docs on qdrant-0');
    expect(run.status).toBe(1);
    // In the bucket nothing is deleted: the bucket's lifecycle is the store's.
    writeFileSync(log, '');
    const keepAll = spawnSync('sh', ['-c', container.command[2]], { env: { ...env, KEEP_NEWEST_ONLY: '0' }, encoding: 'utf8' });
    expect(keepAll.status).toBe(0);
    expect(readFileSync(log, 'utf8')).not.toContain('DELETE');
  });
});

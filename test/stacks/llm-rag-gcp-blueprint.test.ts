import { blocking } from '../../policies/engine/evaluate';
import type { Attributes } from '../../policies/engine/model';
import { evaluateSynthesizedStack } from '../../policies/synth';
import { configWith, GCP_TEST_CLOUD, synth, synthOnGcp } from './support/synth-config';
import { objects, releases, resources } from './support/stack-queries';
import { describeConsoleWorkload } from './support/console-workload';

const { stacks, dev, prod } = synthOnGcp('llm-rag');
const envOf = (container: { env: { name: string; value: string }[] }) => Object.fromEntries(container.env.map((e) => [e.name, e.value]));
/** The service account of `namespace/name`'s workload identity, by Terraform id. */
const serviceAccount = (foundation: typeof dev.foundation, namespace: string, name: string) =>
  Object.keys(resources(foundation, 'google_service_account')).find((id) => id.startsWith(`Cluster_Identity-${namespace}-${name}_`));
const bucketRolesOf = (foundation: typeof dev.foundation, accountId: string) =>
  Object.values(resources(foundation, 'google_storage_bucket_iam_member')).filter((grant) => grant.member === `serviceAccount:\${google_service_account.${accountId}.email}`);

describe('the llm-rag blueprint on GCP', () => {
  describeConsoleWorkload(() => dev);

  it('adds the large-GPU pool on-demand (A100 in dev, from zero) and no cluster autoscaler nor its identity: GKE scales pools itself', () => {
    const pools = Object.values(resources(dev.foundation, 'google_container_node_pool')).filter((pool) => pool.node_config.labels['plinth.dev/pool'] === 'gpu-llm');
    expect(pools.map((pool) => [pool.node_config.machine_type, pool.node_config.spot, pool.autoscaling.total_min_node_count])).toEqual([['a2-highgpu-1g', false, 0]]);
    expect(pools[0].node_config.guest_accelerator[0]).toMatchObject({ type: 'nvidia-tesla-a100', gpu_driver_installation_config: { gpu_driver_version: 'LATEST' } });
    for (const { foundation, addons, workloads } of [dev, prod]) {
      expect(Object.keys(releases(addons)).sort()).toEqual(['argo-rollouts', 'keda']);
      expect(releases(workloads)['cluster-autoscaler']).toBeUndefined();
      expect(serviceAccount(foundation, 'kube-system', 'cluster-autoscaler')).toBeUndefined();
      expect(JSON.stringify(foundation)).not.toContain('cluster-autoscaler');
    }
  });

  it('gives each LLM workload its own identity: the generator and embedding server read only their weights, rag reads nothing', () => {
    const generator = serviceAccount(dev.foundation, 'plinth-llm', 'vllm')!;
    const embeddings = serviceAccount(dev.foundation, 'plinth-llm', 'embeddings')!;
    const rag = serviceAccount(dev.foundation, 'plinth-llm', 'rag')!;
    expect(new Set([generator, embeddings, rag]).size).toBe(3);
    const [weights, ...others] = bucketRolesOf(dev.foundation, generator);
    expect(others).toEqual([]);
    expect(weights.role).toBe('roles/storage.objectViewer');
    expect(weights.condition.expression).toContain('models/llm/llama-3.1-8b-instruct/');
    expect(weights.condition.expression).not.toContain('models/embeddings/');
    const embeddingGrants = bucketRolesOf(dev.foundation, embeddings);
    expect(embeddingGrants.map((grant) => grant.role)).toEqual(['roles/storage.objectViewer']);
    expect(embeddingGrants[0].condition.expression).toContain('models/embeddings/bge-base-en-v1.5/');
    expect(bucketRolesOf(dev.foundation, rag)).toEqual([]);
    // The pods run as the service accounts bound to those identities.
    const all = objects(dev.workloads);
    for (const [name, account] of [['vllm', generator], ['embeddings', embeddings]]) {
      expect(all[`Deployment/plinth-llm/${name}`].spec.template.spec.serviceAccountName).toBe(name);
      expect(all[`ServiceAccount/plinth-llm/${name}`].metadata.annotations['iam.gke.io/gcp-service-account']).toMatch(new RegExp(`google_service_account${account}email\\}$`));
    }
  });

  it('streams the weights from gs:// with Google\'s default credentials: the project set, no AWS variable', () => {
    const all = objects(dev.workloads);
    for (const [name, prefix] of [['vllm', 'models/llm/llama-3.1-8b-instruct/'], ['embeddings', 'models/embeddings/bge-base-en-v1.5/']]) {
      const container = all[`Deployment/plinth-llm/${name}`].spec.template.spec.containers[0];
      expect(container.args[0]).toMatch(new RegExp(`^gs://acme-ml-dev-artifacts-[0-9a-f]+/${prefix.replace(/\./g, '\\.')}$`));
      expect(container.args).toContain('--load-format=runai_streamer');
      const variables = envOf(container);
      expect(variables.GOOGLE_CLOUD_PROJECT).toBe('acme-ml-dev');
      expect(Object.keys(variables).filter((variable) => variable.startsWith('AWS_'))).toEqual([]);
    }
    // The weights' bucket URIs the foundation hands the operator are gs:// too.
    expect(JSON.stringify(dev.foundation.output?.llm_weights_uri)).toMatch(/gs:\/\/.*models\/llm\/llama-3\.1-8b-instruct\//);
  });

  it('puts Qdrant on Persistent Disks encrypted with the environment key, snapshots on those volumes, no bucket and no identity', () => {
    const all = objects(dev.workloads);
    const storageClass = all['StorageClass//plinth-vector-db-qdrant-encrypted'];
    const [keyId] = Object.keys(resources(dev.foundation, 'google_kms_crypto_key'));
    expect(storageClass).toMatchObject({ provisioner: 'pd.csi.storage.gke.io', volumeBindingMode: 'WaitForFirstConsumer', reclaimPolicy: 'Retain', parameters: { type: 'pd-balanced' } });
    expect(storageClass.parameters['disk-encryption-kms-key']).toMatch(new RegExp(`google_kms_crypto_key${keyId}id\\}$`));
    // GKE's PD CSI driver is on, and Compute Engine's service agent may use the key for the disks.
    const [cluster] = Object.values(resources(dev.foundation, 'google_container_cluster'));
    expect(cluster.addons_config.gce_persistent_disk_csi_driver_config).toEqual({ enabled: true });
    const values = releases(dev.workloads).qdrant.values.join('\n');
    expect(values).toMatch(/snapshots_storage: local/);
    expect(values).not.toMatch(/s3_config|snapshot-staging/);
    expect(values).toMatch(/snapshotPersistence:\s+enabled: true\s+size: 20Gi\s+storageClassName: plinth-vector-db-qdrant-encrypted/);
    expect(serviceAccount(dev.foundation, 'plinth-vector-db', 'qdrant')).toBeUndefined();
    expect(JSON.stringify(resources(dev.foundation, 'google_storage_bucket_iam_member'))).not.toContain('vector-db/snapshots/');
    expect(all['NetworkPolicy/plinth-vector-db/qdrant-egress']).toBeUndefined();
    expect(envOf(all['CronJob/plinth-vector-db/qdrant-snapshots'].spec.jobTemplate.spec.template.spec.containers[0]).KEEP_NEWEST_ONLY).toBe('1');
    expect(releases(prod.workloads).qdrant.values.join('\n')).toMatch(/replicaCount: 3/);
  });

  it('has no unsuppressed finding at high or above in any stack', () => {
    for (const [name, stack] of Object.entries(stacks)) {
      const report = evaluateSynthesizedStack(stack as unknown as Attributes, { stack: name });
      expect({ stack: name, blocking: blocking(report, 'high').map((f) => `${f.ruleId} ${f.resource}: ${f.message}`) }).toEqual({ stack: name, blocking: [] });
    }
  });
});

describe('choices of the llm-rag blueprint on GCP', () => {
  it('pgvector instead of Qdrant: the bootstrap Job creates the vectors database with the extension on Cloud SQL, and rag may log in', () => {
    const stacks = synth(
      configWith((config) => {
        config.blueprint = 'llm-rag';
        config.cloud = { ...GCP_TEST_CLOUD };
        config.environments = { dev: { cloud: { project: 'acme-ml-dev' }, vectorDb: { engine: 'pgvector' } } };
      }),
    );
    const foundation = stacks['acme-ml-dev-foundation']!;
    const workloads = stacks['acme-ml-dev-workloads']!;
    expect(releases(workloads).qdrant).toBeUndefined();
    const job = objects(workloads)['Job/plinth-llm/vectors-database-bootstrap'].spec.template.spec.containers[0];
    expect(job.args).toEqual(expect.arrayContaining(['--cloud', 'gcp', '--extension', 'vector']));
    expect(Object.keys(envOf(job)).filter((variable) => variable.startsWith('AWS_'))).toEqual([]);
    const rag = serviceAccount(foundation, 'plinth-llm', 'rag')!;
    const ragUsers = Object.values(resources(foundation, 'google_sql_user')).filter((user) => JSON.stringify(user).includes(`google_service_account.${rag}.`));
    expect(ragUsers).toHaveLength(1);
  });
});

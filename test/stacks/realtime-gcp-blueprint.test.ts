import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { blocking } from '../../policies/engine/evaluate';
import type { Attributes } from '../../policies/engine/model';
import { evaluateSynthesizedStack } from '../../policies/synth';
import { synthOnGcp } from './support/synth-config';
import { objects, releases, resources } from './support/stack-queries';
import { describeConsoleWorkload } from './support/console-workload';

const MEMORYSTORE_HOOK = readFileSync(path.join(__dirname, '..', '..', 'constructs', 'k8s', 'feature-store', 'memorystore_iam.py'), 'utf8');

const { stacks, dev, prod } = synthOnGcp('realtime');
const envOf = (container: { env: { name: string; value: string }[] }) => Object.fromEntries(container.env.map((e) => [e.name, e.value]));

describe('the realtime blueprint on GCP', () => {
  describeConsoleWorkload(() => prod);

  it('installs no node autoscaler, NVIDIA device plugin, DCGM exporter or metrics-server: GKE runs its own', () => {
    expect(Object.keys(stacks).sort()).toEqual(['dev', 'prod'].flatMap((e) => ['addons', 'foundation', 'workloads'].map((layer) => `acme-ml-${e}-${layer}`)).sort());
    for (const { addons, workloads, foundation } of [dev, prod]) {
      expect(Object.keys(releases(addons)).sort()).toEqual(['argo-rollouts', 'keda']);
      expect(Object.keys(releases(workloads))).not.toEqual(expect.arrayContaining(['cluster-autoscaler']));
      for (const chart of ['cluster-autoscaler', 'nvidia-device-plugin', 'dcgm-exporter', 'metrics-server']) expect(releases(workloads)[chart]).toBeUndefined();
      // Nor an identity for an autoscaler that does not run.
      const accounts = Object.values(resources(foundation, 'google_service_account')).map((account) => String(account.description ?? account.display_name));
      expect(accounts.filter((text) => text.includes('cluster-autoscaler'))).toEqual([]);
    }
    // GKE autoscales the GPU pool from zero itself, spot first with an on-demand twin at zero.
    const gpuPools = Object.values(resources(dev.foundation, 'google_container_node_pool')).filter((pool) => pool.node_config.labels['plinth.dev/pool'] === 'gpu-inference');
    expect(gpuPools.map((pool) => [pool.node_config.spot, pool.autoscaling.total_min_node_count])).toEqual([[true, 0], [false, 0]]);
    expect(gpuPools[0].node_config.guest_accelerator[0]).toMatchObject({ type: 'nvidia-l4', gpu_driver_installation_config: { gpu_driver_version: 'LATEST' } });
  });

  it('makes the online store a Memorystore for Redis Cluster sized from featureStore, and lets only the feature server connect', () => {
    const [devCache] = Object.values(resources(dev.foundation, 'google_redis_cluster'));
    const [prodCache] = Object.values(resources(prod.foundation, 'google_redis_cluster'));
    expect(devCache).toMatchObject({ authorization_mode: 'AUTH_MODE_IAM_AUTH', replica_count: 0, deletion_protection_enabled: false, zone_distribution_config: { mode: 'SINGLE_ZONE' } });
    // Production: a replica in another zone (featureStore.replicas 1, ha), protected, daily backups kept 7 days.
    expect(prodCache).toMatchObject({ replica_count: 1, deletion_protection_enabled: true, zone_distribution_config: { mode: 'MULTI_ZONE' }, automated_backup_config: { retention: '604800s' } });
    const connects = Object.entries(resources(dev.foundation, 'google_project_iam_member')).filter(([, member]) => member.role === 'roles/redis.dbConnectionUser');
    expect(connects).toHaveLength(1);
    const [, connect] = connects[0]!;
    const featureServer = Object.entries(resources(dev.foundation, 'google_service_account')).find(([id]) => id.includes('plinth-serving-feature-server'))!;
    expect(connect.member).toBe(`serviceAccount:\${google_service_account.${featureServer[0]}.email}`);
    expect(connect.condition.expression).toBe("resource.name.endsWith('/locations/europe-west4/clusters/acme-ml-dev-cache')");
  });

  it('runs Feast against the cluster with the Memorystore IAM hook, the cluster\'s CA and the pod environment of GKE', () => {
    const all = objects(dev.workloads);
    const config = all['ConfigMap/plinth-serving/feature-server'];
    const store = parse(config.data['feature_store.yaml']);
    expect(store.registry.path).toMatch(/^gs:\/\/acme-ml-dev-artifacts-[0-9a-f]+\/feature-store\/registry\.db$/);
    expect(store.online_store.redis_type).toBe('redis_cluster');
    expect(store.online_store.connection_string).toMatch(/^\$\{data\.terraform_remote_state\.[^}]+discovery_endpoints0address\}:6379,ssl=true,ssl_ca_certs=\/etc\/feast\/cache-ca\.pem,ssl_cert_reqs=required,ssl_check_hostname=false,username=default$/);
    expect(config.data['sitecustomize.py']).toBe(MEMORYSTORE_HOOK);
    expect(config.data['cache-ca.pem']).toMatch(/managed_server_ca0ca_certs0certificates/);
    const server = all['Deployment/plinth-serving/feature-server'].spec.template.spec.containers[0];
    expect(envOf(server)).toEqual({ GOOGLE_CLOUD_PROJECT: 'acme-ml-dev', PLINTH_MEMORYSTORE_CLUSTER: 'acme-ml-dev-cache', PYTHONPATH: '/etc/plinth/python', HOME: '/tmp' });
    expect(all['NetworkPolicy/plinth-serving/feature-server-cache-egress'].spec.egress[0].ports).toEqual([{ protocol: 'TCP', port: 6379 }, { protocol: 'TCP', port: 11000, endPort: 13047 }]);
  });

  it('serves Triton from its gs:// prefix with Google\'s default credentials: no AWS variable, the copy on its scratch volume', () => {
    const rollout = objects(dev.workloads)['Rollout/plinth-serving/triton'];
    const container = rollout.spec.template.spec.containers[0];
    expect(container.args).toContainEqual(expect.stringMatching(/^--model-repository=gs:\/\/acme-ml-dev-artifacts-[0-9a-f]+\/triton\/$/));
    const variables = envOf(container);
    expect(variables).toMatchObject({ GOOGLE_CLOUD_PROJECT: 'acme-ml-dev', TRITON_GCS_MOUNT_DIRECTORY: '/models' });
    expect(Object.keys(variables).filter((name) => name.startsWith('AWS_'))).toEqual([]);
    // Triton's identity reads its prefix of the bucket, and nothing else.
    const triton = Object.entries(resources(dev.foundation, 'google_service_account')).find(([id]) => id.includes('plinth-serving-triton'))!;
    const grants = Object.values(resources(dev.foundation, 'google_storage_bucket_iam_member')).filter((grant) => grant.member === `serviceAccount:\${google_service_account.${triton[0]}.email}`);
    expect(grants.map((grant) => grant.role)).toEqual(['roles/storage.objectViewer']);
    expect(grants[0].condition.expression).toContain('triton/');
  });

  it('has no unsuppressed finding at high or above in any stack', () => {
    for (const [name, stack] of Object.entries(stacks)) {
      const report = evaluateSynthesizedStack(stack as unknown as Attributes, { stack: name });
      expect({ stack: name, blocking: blocking(report, 'high').map((f) => `${f.ruleId} ${f.resource}: ${f.message}`) }).toEqual({ stack: name, blocking: [] });
    }
  });
});

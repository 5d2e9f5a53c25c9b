import { TerraformOutput } from 'cdktf';
import type { GkeCluster } from '../../../constructs/gcp/gke-cluster';
import type { Grantee } from '../../../constructs/kit';
import { blocking } from '../../../policies/engine/evaluate';
import { evaluateSynthesizedStack } from '../../../policies/synth';
import { only, refTo, resourcesOf } from '../../support/construct-synth';
import { gkeStack, refWhere, resourceWhere } from './gke-support';
import { testGrantee } from './support';

describe('GkeCluster', () => {
  const stack = gkeStack();
  const gke = only(stack, 'google_container_cluster');
  const keyId = refTo(stack, 'google_kms_crypto_key', 'id');
  const nodeAccount = refWhere(stack, 'google_service_account', 'account_id', 'acme-dev-nodes', 'email');

  it('is a regional GKE Standard cluster whose default node pool is removed', () => {
    expect(gke).toMatchObject({ name: 'acme-dev', location: 'europe-west4', project: 'acme-ml-dev', remove_default_node_pool: true, initial_node_count: 1 });
  });

  it('runs private nodes in the network subnet, VPC-native on its pods and services ranges', () => {
    expect(gke.private_cluster_config).toMatchObject({ enable_private_nodes: true });
    expect(gke.network).toBe(refTo(stack, 'google_compute_network', 'id'));
    expect(gke.subnetwork).toBe(refTo(stack, 'google_compute_subnetwork', 'id'));
    expect(gke.ip_allocation_policy).toEqual({ cluster_secondary_range_name: 'acme-dev-pods', services_secondary_range_name: 'acme-dev-services' });
  });

  it('keeps the API endpoint private when no network is listed, and lets in no Google Cloud public address', () => {
    expect(gke.private_cluster_config.enable_private_endpoint).toBe(true);
    expect(gke.master_authorized_networks_config).toEqual({ cidr_blocks: [], gcp_public_cidrs_access_enabled: false });
  });

  it('opens the public endpoint only to the listed networks', () => {
    const open = only(gkeStack({ publicAccessCidrs: ['203.0.113.0/24', '198.51.100.7/32'] }), 'google_container_cluster');
    expect(open.private_cluster_config).toEqual({ enable_private_nodes: true, enable_private_endpoint: false });
    expect(open.master_authorized_networks_config.cidr_blocks.map((block: { cidr_block: string }) => block.cidr_block)).toEqual(['203.0.113.0/24', '198.51.100.7/32']);
    expect(open.master_authorized_networks_config.gcp_public_cidrs_access_enabled).toBe(false);
  });

  it('refuses the whole internet, malformed networks, names and versions, every problem at once', () => {
    expect(() => gkeStack({ publicAccessCidrs: ['0.0.0.0/0'] })).toThrow(/GkeCluster test\/Cluster: publicAccessCidrs must not contain 0\.0\.0\.0\/0; list the networks that need the API/);
    expect(() => gkeStack({ publicAccessCidrs: ['::/0'] })).toThrow(/must not contain ::\/0/);
    expect(() => gkeStack({ name: 'Acme_Dev', version: '1.33.2', publicAccessCidrs: ['10.0.0.0/33'] })).toThrow(
      /name "Acme_Dev" must be 1-40 lower-case letters.*; version "1\.33\.2" must be a Kubernetes minor version such as "1\.33"; publicAccessCidrs entry "10\.0\.0\.0\/33" must be an IPv4 CIDR/,
    );
  });

  it('binds workloads to Google service accounts through the project Workload Identity pool', () => {
    expect(gke.workload_identity_config).toEqual({ workload_pool: 'acme-ml-dev.svc.id.goog' });
  });

  it('follows the REGULAR release channel from the requested minor version', () => {
    expect(gke.release_channel).toEqual({ channel: 'REGULAR' });
    expect(gke.min_master_version).toBe('1.33');
    expect(only(gkeStack({ releaseChannel: 'STABLE' }), 'google_container_cluster').release_channel).toEqual({ channel: 'STABLE' });
  });

  it('enforces NetworkPolicies with Dataplane V2, with the Calico add-on off', () => {
    expect(gke.datapath_provider).toBe('ADVANCED_DATAPATH');
    expect(gke.network_policy).toEqual({ enabled: false });
  });

  it('encrypts Kubernetes secrets with the environment key once the GKE service agent may use it', () => {
    expect(gke.database_encryption).toEqual({ state: 'ENCRYPTED', key_name: keyId });
    const agentGrant = resourcesOf(stack, 'google_kms_crypto_key_iam_member').find((grant) => String(grant.member).includes('container-engine-robot'))!;
    expect(agentGrant.role).toBe('roles/cloudkms.cryptoKeyEncrypterDecrypter');
    expect(gke.depends_on).toContainEqual(expect.stringMatching(/^google_kms_crypto_key_iam_member\.Key_container-agent-encrypt-decrypt/));
  });

  it('has Shielded Nodes, no legacy ABAC and no client certificate', () => {
    expect(gke.enable_shielded_nodes).toBe(true);
    expect(gke.enable_legacy_abac).toBe(false);
    expect(gke.master_auth).toEqual({ client_certificate_config: { issue_client_certificate: false } });
  });

  it('enforces the project Binary Authorization policy, after enabling its API and GKE', () => {
    expect(gke.binary_authorization).toEqual({ evaluation_mode: 'PROJECT_SINGLETON_POLICY_ENFORCE' });
    const apis = resourcesOf(stack, 'google_project_service').map((service) => service.service);
    expect(apis).toEqual(expect.arrayContaining(['container.googleapis.com', 'binaryauthorization.googleapis.com']));
    expect(gke.depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/Services_container/), expect.stringMatching(/Services_binaryauthorization/)]));
  });

  it('sends system and workload logs to Cloud Logging, and system metrics and managed Prometheus to Cloud Monitoring', () => {
    expect(gke.logging_config).toEqual({ enable_components: ['SYSTEM_COMPONENTS', 'WORKLOADS'] });
    expect(gke.monitoring_config).toEqual({ enable_components: ['SYSTEM_COMPONENTS'], managed_prometheus: { enabled: true } });
  });

  it('takes deletion protection and labels from the environment', () => {
    expect(gke.deletion_protection).toBe(true);
    expect(only(gkeStack({ deletionProtection: false }), 'google_container_cluster').deletion_protection).toBe(false);
    expect(gke.resource_labels).toEqual({ environment: 'dev' });
  });

  it('runs even its short-lived default pool as the node account, on the GKE metadata server, with secure boot and an encrypted disk', () => {
    expect(gke.node_config).toMatchObject({
      service_account: nodeAccount,
      workload_metadata_config: { mode: 'GKE_METADATA' },
      shielded_instance_config: { enable_secure_boot: true, enable_integrity_monitoring: true },
      boot_disk_kms_key: keyId,
    });
    expect(gke.lifecycle.ignore_changes).toEqual(['node_config', 'initial_node_count']);
  });

  it('gives the node service account the default node role on the project, and nothing else', () => {
    const members = resourcesOf(stack, 'google_project_iam_member');
    expect(members).toEqual([{ project: 'acme-ml-dev', role: 'roles/container.defaultNodeServiceAccount', member: nodeAccount.replace('.email}', '.member}') }]);
    expect(JSON.stringify(stack)).not.toMatch(/compute@developer\.gserviceaccount\.com|roles\/(editor|owner)/);
  });

  it('hands out cluster access through gke-gcloud-auth-plugin (a short-lived token), not a stored credential', () => {
    let cluster: GkeCluster | undefined;
    gkeStack({}, (made) => (cluster = made));
    expect(cluster!.access.host).toMatch(/^https:\/\/\$\{TfToken\[TOKEN\.\d+\]\}$/);
    expect(cluster!.access.exec).toEqual({ apiVersion: 'client.authentication.k8s.io/v1beta1', command: 'gke-gcloud-auth-plugin', args: [] });
    const output = gkeStack({}, (made, s) => {
      new TerraformOutput(s, 'host', { value: made.access.host });
      new TerraformOutput(s, 'ca', { value: made.access.caCertificateBase64 });
    }).output as Record<string, { value: string }>;
    expect(output.host!.value).toBe(`https://${refTo(stack, 'google_container_cluster', 'endpoint')}`);
    expect(output.ca!.value).toBe(refTo(stack, 'google_container_cluster', 'master_auth[0].cluster_ca_certificate'));
  });

  it('tells pods their project, and runs its own metrics-server', () => {
    let cluster: GkeCluster | undefined;
    gkeStack({}, (made) => (cluster = made));
    expect(cluster!.podEnvironment).toEqual({ GOOGLE_CLOUD_PROJECT: 'acme-ml-dev' });
    expect(cluster!.managedAddons).toEqual(['metrics-server', 'node-autoscaler', 'nvidia-device-plugin']);
  });

  it('needs no grant for node autoscaling (GKE runs the autoscaler) but still refuses a grantee of another kit', () => {
    const json = gkeStack({}, (cluster) => {
      cluster.grantNodeAutoscaling(cluster.addWorkloadIdentity('kube-system', 'cluster-autoscaler'));
      expect(cluster.nodeGroupPriorities()).toBeUndefined();
    });
    expect(resourcesOf(json, 'google_project_iam_member')).toHaveLength(1);
    const foreign: Grantee = { cloud: 'aws', description: 'workload identity kube-system/cluster-autoscaler (aws)' };
    expect(() => gkeStack({}, (cluster) => cluster.grantNodeAutoscaling(foreign))).toThrow(/test\/Cluster cannot grant access to workload identity .*made by the "aws" kit/);
  });

  it('enables the managed PD CSI driver and exposes the key for encrypted StorageClasses, once', () => {
    let keyIdOf: string | undefined;
    const json = gkeStack({}, (cluster) => {
      cluster.enableEncryptedVolumes();
      cluster.enableEncryptedVolumes();
      keyIdOf = cluster.volumeEncryptionKeyId;
    });
    const cluster = only(json, 'google_container_cluster');
    expect(cluster.addons_config).toEqual({ gce_persistent_disk_csi_driver_config: { enabled: true } });
    expect(keyIdOf).toMatch(/TOKEN/);
    const computeGrant = resourcesOf(json, 'google_kms_crypto_key_iam_member').filter((grant) => String(grant.member).includes('compute-system'));
    expect(computeGrant).toHaveLength(1);
    expect(cluster.depends_on).toContainEqual(expect.stringMatching(/^google_kms_crypto_key_iam_member\.Key_compute-agent-encrypt-decrypt/));
    expect(gke.addons_config).toBeUndefined();
  });
});

describe('the encrypted volume class GKE hands the workloads', () => {
  it('is pd-balanced on GKE\'s PD CSI driver with the environment key, and only after enableEncryptedVolumes', () => {
    let volumeClass: ReturnType<GkeCluster['encryptedVolumeClass']> | undefined;
    const json = gkeStack({}, (cluster) => {
      expect(() => cluster.encryptedVolumeClass()).toThrow(/GkeCluster test\/Cluster: encryptedVolumeClass\(\) needs enableEncryptedVolumes\(\) first/);
      cluster.enableEncryptedVolumes();
      volumeClass = cluster.encryptedVolumeClass();
    });
    expect(volumeClass).toEqual({ provisioner: 'pd.csi.storage.gke.io', parameters: { type: 'pd-balanced', 'disk-encryption-kms-key': expect.stringMatching(/TOKEN/) } });
    // The token is the environment key's id (its full resource name), as the driver wants it.
    expect(JSON.stringify(json)).toContain('google_kms_crypto_key');
  });
});

describe('GKE cluster with its pools and identities under the policy engine', () => {
  const json = gkeStack({ publicAccessCidrs: ['203.0.113.0/24'] }, (cluster, s) => {
    cluster.addNodePool('system', { instanceTypes: ['e2-standard-4'], minSize: 1, desiredSize: 2, maxSize: 3 });
    cluster.addNodePool('gpu-inference', { instanceTypes: ['g2-standard-4'], minSize: 0, desiredSize: 0, maxSize: 2, capacity: 'spot', spotFallbackToOnDemand: true, accelerator: { kind: 'nvidia' } });
    cluster.addNodePool('gpu-llm', { instanceTypes: ['a2-highgpu-1g', 'a3-highgpu-1g'], minSize: 0, desiredSize: 0, maxSize: 4, accelerator: { kind: 'nvidia' } });
    cluster.grantNodeAutoscaling(cluster.addWorkloadIdentity('kube-system', 'cluster-autoscaler'));
    cluster.addWorkloadIdentity('plinth', 'tracking');
    cluster.enableEncryptedVolumes();
    testGrantee(s, 'unused-grantee');
  });
  const report = evaluateSynthesizedStack(json as never, { stack: 'acme-dev-foundation', environment: { production: false } });
  const describeFinding = (f: { severity: string; ruleId: string; resource: string; message: string }) => `${f.severity} ${f.ruleId} ${f.resource}: ${f.message}`;

  it('runs every GKE rule of the pack on the cluster and its pools', () => {
    const ran = report.stats.filter((s) => s.passed + s.failed + s.unknown > 0).map((s) => s.ruleId);
    expect(ran).toEqual(expect.arrayContaining(['PLN-GCP-011', 'PLN-GCP-012', 'PLN-GCP-013', 'PLN-GCP-014', 'PLN-GCP-015', 'PLN-GCP-016', 'PLN-GCP-017', 'PLN-ML-001', 'PLN-ML-002', 'PLN-COST-003']));
  });

  it('finds nothing at high severity or above', () => {
    expect(blocking(report, 'high').map(describeFinding)).toEqual([]);
  });

  // Findings on what the test stack adds around the cluster (the development key without prevent_destroy, no budget)
  // and PLN-COST-001 (medium: it reads the provider's default_labels, whose keys cdktf snake-cases; see
  // foundation-policy.test.ts) are not the cluster's. On the cluster, its pools and identities, every rule passes.
  it('fails no rule on the cluster, its pools, node account and identities', () => {
    const own = /^google_(container_|service_account|project_iam_member)/;
    expect(report.findings.filter((f) => own.test(f.resource) && f.ruleId !== 'PLN-COST-001').map(describeFinding)).toEqual([]);
    expect(report.findings.filter((f) => own.test(f.resource)).every((f) => f.ruleId === 'PLN-COST-001')).toBe(true);
  });

  it('checks the node pools it made (five: system, GPU spot and its twin, two LLM machine types)', () => {
    expect(resourcesOf(json, 'google_container_node_pool').map((pool) => pool.name).sort()).toEqual(
      ['gpu-inference', 'gpu-inference-on-demand', 'gpu-llm-a2-highgpu-1g', 'gpu-llm-a3-highgpu-1g', 'system'].sort(),
    );
    expect(resourceWhere(json, 'google_container_node_pool', 'name', 'system').node_config.machine_type).toBe('e2-standard-4');
  });
});

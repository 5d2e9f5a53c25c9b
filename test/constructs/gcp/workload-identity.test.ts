import { TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { memberOf } from '../../../constructs/gcp/grants';
import { serviceAccountId } from '../../../constructs/gcp/workload-identity';
import { resourcesOf } from '../../support/construct-synth';
import { gkeStack, resourceWhere } from './gke-support';

/** Google's rule for a service account id. */
const ACCOUNT_ID = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;

describe('GkeWorkloadIdentity', () => {
  let annotations: Readonly<Record<string, string>> = {};
  const stack = gkeStack({}, (cluster, s) => {
    const tracking = cluster.addWorkloadIdentity('plinth', 'tracking');
    annotations = tracking.serviceAccountAnnotations;
    new TerraformOutput(s, 'annotation', { value: annotations['iam.gke.io/gcp-service-account'] });
    new TerraformOutput(s, 'member', { value: memberOf(new Construct(s, 'Bucket'), tracking) });
    cluster.addWorkloadIdentity('plinth', 'tracking-database-bootstrap');
  });
  const account = resourceWhere(stack, 'google_service_account', 'account_id', 'acme-dev-plinth-tracking');
  const accountName = Object.entries(stack.resource!.google_service_account!).find(([, a]) => (a as { account_id: string }).account_id === 'acme-dev-plinth-tracking')![0];
  const outputs = stack.output as Record<string, { value: string }>;

  it('is a Google service account of its own per Kubernetes service account, named after the cluster, namespace and account', () => {
    expect(account).toMatchObject({ project: 'acme-ml-dev', display_name: 'plinth/tracking in acme-dev' });
    expect(account.description).toMatch(/plinth\/tracking in GKE cluster acme-dev \(Workload Identity\)/);
  });

  it('lets only pods running as that Kubernetes service account act as it, once the cluster pool exists', () => {
    const binding = resourcesOf(stack, 'google_service_account_iam_member').find((b) => b.service_account_id === `\${google_service_account.${accountName}.name}`)!;
    expect(binding).toMatchObject({ role: 'roles/iam.workloadIdentityUser', member: 'serviceAccount:acme-ml-dev.svc.id.goog[plinth/tracking]' });
    expect(binding.depends_on).toEqual([expect.stringMatching(/^google_container_cluster\./)]);
  });

  it('has no permission of its own: no project role, no key', () => {
    expect(resourcesOf(stack, 'google_project_iam_member').map((m) => m.role)).toEqual(['roles/container.defaultNodeServiceAccount']);
    expect(resourcesOf(stack, 'google_service_account_key')).toEqual([]);
  });

  it('annotates the Kubernetes service account with the Google account email, and receives grants as that account', () => {
    expect(Object.keys(annotations)).toEqual(['iam.gke.io/gcp-service-account']);
    expect(outputs.annotation!.value).toBe(`\${google_service_account.${accountName}.email}`);
    expect(outputs.member!.value).toBe(`serviceAccount:\${google_service_account.${accountName}.email}`);
  });

  it('shortens ids too long for Google with a hash, keeping them valid and distinct', () => {
    const ids = resourcesOf(stack, 'google_service_account').map((a) => a.account_id as string);
    expect(ids.every((id) => ACCOUNT_ID.test(id))).toBe(true);
    expect(ids).toContain(serviceAccountId('acme-dev-plinth-tracking-database-bootstrap'));
    expect(serviceAccountId('acme-dev-plinth-tracking-database-bootstrap')).toMatch(/^acme-dev-plinth-track-[0-9a-f]{8}$/);
  });

  it('refuses a second identity for the same account and names Kubernetes would refuse, saying what is valid', () => {
    expect(() => gkeStack({}, (cluster) => [cluster.addWorkloadIdentity('plinth', 'tracking'), cluster.addWorkloadIdentity('plinth', 'tracking')])).toThrow(
      /a workload identity for plinth\/tracking was already added/,
    );
    expect(() => gkeStack({}, (cluster) => cluster.addWorkloadIdentity('Plinth', 'tracking_server'))).toThrow(
      /GkeWorkloadIdentity test\/Cluster\/Identity-Plinth-tracking_server: namespace "Plinth" must be a Kubernetes namespace name .*; service account "tracking_server" must be a Kubernetes object name/,
    );
  });
});

describe('serviceAccountId', () => {
  it('keeps a valid id, and otherwise makes one Google accepts that no other name maps to', () => {
    expect(serviceAccountId('acme-dev-nodes')).toBe('acme-dev-nodes');
    const dotted = serviceAccountId('acme-dev-ns-a.b');
    expect(dotted).toMatch(ACCOUNT_ID);
    expect(dotted).not.toBe(serviceAccountId('acme-dev-ns-a-b'));
    expect(serviceAccountId('a-b')).toMatch(ACCOUNT_ID);
    expect(serviceAccountId('1-cluster-ns-sa')).toMatch(ACCOUNT_ID);
    const long = 'a-twenty-char-platfo-environment12-plinth-tracking-database-bootstrap';
    expect(serviceAccountId(long)).toMatch(ACCOUNT_ID);
    expect(serviceAccountId(long).length).toBeLessThanOrEqual(30);
    expect(serviceAccountId(long)).toBe(serviceAccountId(long));
    expect(serviceAccountId(long)).not.toBe(serviceAccountId(`${long}x`));
  });
});

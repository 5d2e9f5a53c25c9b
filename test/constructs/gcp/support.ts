import { ServiceAccount } from '@cdktf/provider-google/lib/service-account';
import type { Construct } from 'constructs';
import { GcpEncryptionKey } from '../../../constructs/gcp/encryption-key';
import { registerGrantee } from '../../../constructs/gcp/grants';
import { ProjectServices } from '../../../constructs/gcp/project-services';
import { GcpNetwork } from '../../../constructs/gcp/vpc-network';
import type { Grantee } from '../../../constructs/kit';

/** The project and region synthGcpStack's provider uses. */
export const TEST_PROJECT = 'acme-ml-dev';
export const TEST_REGION = 'europe-west4';

/**
 * A grantee as the GCP kit makes one (GkeCluster.addWorkloadIdentity): a Google service account registered as the
 * target of grants, without a cluster around it. Its member is `serviceAccount:${google_service_account.<id>.email}`.
 */
export function testGrantee(scope: Construct, accountId: string): { readonly grantee: Grantee; readonly account: ServiceAccount } {
  const account = new ServiceAccount(scope, `Grantee-${accountId}`, { accountId, project: TEST_PROJECT });
  const grantee: Grantee = { cloud: 'gcp', description: `workload identity ${accountId} (test)` };
  registerGrantee(grantee, account.email, account);
  return { grantee, account };
}

/** What GcpKit wires into every construct, made the way the kit makes it: project services, the key, the network (on first use). */
export function testFoundation(scope: Construct): { readonly services: ProjectServices; readonly key: GcpEncryptionKey; readonly network: () => GcpNetwork } {
  const services = new ProjectServices(scope, 'Services', { project: TEST_PROJECT });
  const key = new GcpEncryptionKey(scope, 'Key', { project: TEST_PROJECT, region: TEST_REGION, name: 'acme-dev', services, deletionProtection: false });
  let network: GcpNetwork | undefined;
  return {
    services,
    key,
    network: () =>
      (network ??= new GcpNetwork(scope, 'Network', { project: TEST_PROJECT, name: 'acme-dev', region: TEST_REGION, services, cidr: '10.20.0.0/16', flowLogRetentionDays: 30 })),
  };
}

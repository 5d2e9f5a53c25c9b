import { ServiceAccount } from '@cdktf/provider-google/lib/service-account';
import type { Construct } from 'constructs';
import { evaluate } from '../../../policies/engine/evaluate';
import { ResourceGraph } from '../../../policies/engine/graph';
import { loadSynthesizedStack } from '../../../policies/engine/loaders/cdktf';
import { gcpPack } from '../../../policies/rules/gcp/pack';
import type { StackJson } from '../../support/synth';
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

/**
 * What the GCP rule pack finds (`plinth policy check`) in the resources a construct made, named by its id under the
 * stack (`Artifacts`): unsuppressed findings and undecidable checks alike, as `<rule> <resource>: <message>`.
 */
export function gcpPackFindings(stack: StackJson, constructId: string): string[] {
  const graph = new ResourceGraph(loadSynthesizedStack('test', 'cdk.tf.json', JSON.stringify(stack)));
  const report = evaluate([graph], gcpPack.rules);
  return [...report.findings.filter((finding) => !finding.suppressed), ...report.unknown]
    .filter((finding) => finding.resource.split('.')[1]!.startsWith(`${constructId}_`))
    .map((finding) => `${finding.ruleId} ${finding.resource}: ${finding.message}`);
}

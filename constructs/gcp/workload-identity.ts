import { ServiceAccount } from '@cdktf/provider-google/lib/service-account';
import { ServiceAccountIamMember } from '@cdktf/provider-google/lib/service-account-iam-member';
import type { ITerraformDependable } from 'cdktf';
import type { Construct } from 'constructs';
import { boundedName } from '../bounded-name';
import { ServiceAccountIdentity } from '../service-account-identity';
import { registerGrantee } from './grants';

export interface GkeWorkloadIdentityProps {
  readonly project: string;
  /** Cluster name, the first part of the Google service account's id. */
  readonly clusterName: string;
  /** The cluster's Workload Identity pool, `<project>.svc.id.goog`. */
  readonly workloadPool: string;
  readonly namespace: string;
  readonly serviceAccountName: string;
  /** The cluster: its Workload Identity pool exists only once it does, and the binding names the pool. */
  readonly cluster: ITerraformDependable;
}

/** Google's rule for a service account id: 6-30 lower-case letters, digits and `-`, starting with a letter. */
const ACCOUNT_ID_LIMIT = 30;

/**
 * GKE Workload Identity: a Google service account that only pods running as one Kubernetes service
 * account of the cluster's project pool can act as (`roles/iam.workloadIdentityUser` on the account, for
 * `serviceAccount:<project>.svc.id.goog[<namespace>/<name>]`), with no permissions until a resource
 * grants it some. The Kubernetes service account names it in its `iam.gke.io/gcp-service-account`
 * annotation; pods get short-lived tokens from the GKE metadata server, never a key.
 */
export class GkeWorkloadIdentity extends ServiceAccountIdentity {
  readonly cloud = 'gcp';
  readonly serviceAccountAnnotations: Readonly<Record<string, string>>;
  readonly serviceAccount: ServiceAccount;

  constructor(scope: Construct, id: string, props: GkeWorkloadIdentityProps) {
    super(scope, id, 'GkeWorkloadIdentity', props.clusterName, props.namespace, props.serviceAccountName);
    this.serviceAccount = new ServiceAccount(this, 'Resource', {
      project: props.project,
      accountId: serviceAccountId(`${props.clusterName}-${props.namespace}-${props.serviceAccountName}`),
      displayName: `${props.namespace}/${props.serviceAccountName} in ${props.clusterName}`.slice(0, 100),
      description: `Pods running as Kubernetes service account ${props.namespace}/${props.serviceAccountName} in GKE cluster ${props.clusterName} (Workload Identity)`,
    });
    new ServiceAccountIamMember(this, 'WorkloadIdentityUser', {
      serviceAccountId: this.serviceAccount.name,
      role: 'roles/iam.workloadIdentityUser',
      member: `serviceAccount:${props.workloadPool}[${props.namespace}/${props.serviceAccountName}]`,
      dependsOn: [props.cluster],
    });
    registerGrantee(this, this.serviceAccount.email, this);
    this.serviceAccountAnnotations = { 'iam.gke.io/gcp-service-account': this.serviceAccount.email };
  }
}

/**
 * A Google service account id from free text (`acme-dev-plinth-tracking`): characters Google refuses
 * (`.` of a Kubernetes name) become `-`, and a hash keeps it unique and within 6-30 characters when it
 * was altered, too long or too short (bounded-name.ts).
 */
export function serviceAccountId(full: string): string {
  const cleaned = full.toLowerCase().replace(/[^a-z0-9-]/g, '-');
  const allowed = /^[a-z]/.test(cleaned) ? cleaned : `sa-${cleaned}`;
  return boundedName(allowed, ACCOUNT_ID_LIMIT, allowed === full && allowed.length >= 6);
}

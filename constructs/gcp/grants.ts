import { TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import type { Grantee } from '../kit';

/** The Google service account behind each grantee this kit made (its email, a Terraform reference); missing: made elsewhere. */
const serviceAccounts = new WeakMap<Grantee, { readonly email: string; readonly owner: Construct }>();

/** Makes `grantee` a valid target of grants from GCP resources: what they grant goes to service account `email`. */
export function registerGrantee(grantee: Grantee, email: string, owner: Construct): void {
  serviceAccounts.set(grantee, { email, owner });
}

/**
 * The IAM member (`serviceAccount:<email>`) a resource grants to, for an additive `*_iam_member` binding (never an
 * authoritative policy, which would remove what others granted). A grantee of another kit, or of another
 * environment's stack, is refused at construction, naming both sides.
 */
export function memberOf(resource: Construct, grantee: Grantee): string {
  return `serviceAccount:${serviceAccountEmailOf(resource, grantee)}`;
}

/**
 * The email of the service account behind `grantee` (a Terraform reference), for what names the account itself
 * rather than granting to it, such as a Cloud SQL IAM database user; refused as memberOf refuses.
 */
export function serviceAccountEmailOf(resource: Construct, grantee: Grantee): string {
  const account = grantee.cloud === 'gcp' ? serviceAccounts.get(grantee) : undefined;
  if (!account) {
    const origin = grantee.cloud === 'gcp' ? 'it was not made by the GCP kit' : `it was made by the "${grantee.cloud}" kit, not by the GCP kit`;
    throw new Error(
      `${resource.node.path} cannot grant access to ${grantee.description}: ${origin}; ` +
        'grant only to identities and node pools of the same environment (cluster.addWorkloadIdentity, cluster.addNodePool)',
    );
  }
  if (TerraformStack.of(account.owner) !== TerraformStack.of(resource)) {
    throw new Error(
      `${resource.node.path} cannot grant access to ${grantee.description}: it belongs to stack ${TerraformStack.of(account.owner).node.id}, another environment; ` +
        'grant only to identities and node pools of the same environment',
    );
  }
  return account.email;
}

/** A construct id part from free text: `tracking/` becomes `tracking`. */
export function idPart(text: string): string {
  return text.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-+|-+$/g, '').toLowerCase();
}

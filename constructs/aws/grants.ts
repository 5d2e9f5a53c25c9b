import type { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import type { Grantee } from '../kit';
import { policyDocument, type PolicyStatement } from './policy-document';

/** The IAM role behind each grantee this kit made; a grantee missing here was made elsewhere. */
const roles = new WeakMap<Grantee, IamRole>();

/** Makes `grantee` a valid target of grants from AWS resources: what they grant lands on `role`. */
export function registerGrantee(grantee: Grantee, role: IamRole): void {
  roles.set(grantee, role);
}

/**
 * Attaches what `resource` grants to `grantee` as one inline policy named `name` on the grantee's
 * role (a second identical grant changes nothing). A grantee of another kit has no IAM role to
 * attach to, and one of another environment's stack must not reach this one: both are refused here,
 * at construction, naming both sides.
 */
export function grantToRole(resource: Construct, grantee: Grantee, name: string, statements: readonly PolicyStatement[]): void {
  const role = grantee.cloud === 'aws' ? roles.get(grantee) : undefined;
  if (!role) {
    const origin = grantee.cloud === 'aws' ? 'it was not made by the AWS kit' : `it was made by the "${grantee.cloud}" kit, not by the AWS kit`;
    throw new Error(
      `${resource.node.path} cannot grant access to ${grantee.description}: ${origin}; ` +
        'grant only to identities and node pools of the same environment (cluster.addWorkloadIdentity, cluster.addNodePool)',
    );
  }
  if (TerraformStack.of(role) !== TerraformStack.of(resource)) {
    throw new Error(
      `${resource.node.path} cannot grant access to ${grantee.description}: it belongs to stack ${TerraformStack.of(role).node.id}, another environment; ` +
        'grant only to identities and node pools of the same environment',
    );
  }
  const scope = role.node.scope!;
  const id = `Grant-${name}`;
  if (scope.node.tryFindChild(id)) return;
  new IamRolePolicy(scope, id, { role: role.id, name, policy: policyDocument(...statements) });
}

/** A readable IAM policy name part from free text: `tracking/` becomes `tracking`. */
export function policyNamePart(text: string): string {
  return text.replace(/[^A-Za-z0-9+=,.@_-]+/g, '-').replace(/^-+|-+$/g, '').toLowerCase();
}

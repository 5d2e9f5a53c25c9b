import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { Construct } from 'constructs';
import type { ContinuousDeliveryRoles, StateLocation } from '../kit';
import { AwsAccount } from './account';
import { deployStatements } from './ci-deploy-permissions';
import { refreshStatements, stateStatements, type CiPermissionScope } from './ci-permissions';
import { GITHUB_ISSUER_HOST, githubOidcProviderArn } from './github-oidc-provider';
import { policyDocument, type PolicyStatement } from './policy-document';
import { iamRoleName, STS_AUDIENCE } from './workload-identity';

/** A CI job holds its role for at most an hour: a plan or an apply that takes longer re-authenticates. */
export const CI_SESSION_SECONDS = 3600;

/** IAM's limit on one managed policy document, in characters without white space. */
export const MANAGED_POLICY_CHARACTERS = 6144;

export interface GithubActionsRolesProps {
  /** `<platform>-<environment>`: the roles' names start with it. */
  readonly namePrefix: string;
  readonly region: string;
  /** `owner/repo`, spelled as GitHub does (STS compares the subject case-sensitively). */
  readonly repository: string;
  /** The GitHub environment whose jobs may deploy. */
  readonly githubEnvironment: string;
  readonly state: StateLocation;
  /**
   * Glob patterns of the `namePrefix` of previews the deploy role also manages (`acme-pr-*`).
   * @default - none
   */
  readonly previewPatterns?: readonly string[];
  /**
   * GitHub's IAM OIDC provider: `create` it here, look up an `existing` one, or this ARN (github-oidc-provider.ts).
   * @default "create"
   */
  readonly oidcProvider?: 'create' | 'existing' | string;
}

/**
 * The `ci` capability on AWS: two IAM roles that GitHub Actions' OIDC tokens are exchanged for with
 * AssumeRoleWithWebIdentity, so no access key exists anywhere. The plan role trusts pull-request jobs of
 * the repository (`repo:<repo>:pull_request`) and only reads; the deploy role trusts only jobs of the
 * environment's GitHub environment (`repo:<repo>:environment:<env>`), whose required reviewers guard it,
 * and writes what the environment's stacks hold (ci-deploy-permissions.ts). Both are matched with
 * StringEquals on `sub` and `aud`: no wildcard lets another repository, branch or environment in.
 */
export class GithubActionsRoles extends Construct implements ContinuousDeliveryRoles {
  readonly planRoleResource: IamRole;
  readonly deployRoleResource: IamRole;
  readonly planRole: string;
  readonly deployRole: string;

  constructor(scope: Construct, id: string, props: GithubActionsRolesProps) {
    super(scope, id);
    if (props.state.type !== 's3') {
      throw new Error(`GithubActionsRoles ${this.node.path}: CI roles on AWS need the environment's state in S3 (backend type "s3"), found "${props.state.type}"`);
    }
    const account = AwsAccount.of(this);
    const providerArn = githubOidcProviderArn(this, 'GithubOidcProvider', props.oidcProvider ?? 'create');
    const permissions: CiPermissionScope = {
      partition: account.partition,
      accountId: account.accountId,
      region: props.region,
      environmentPatterns: [props.namePrefix, ...(props.previewPatterns ?? [])],
      state: props.state,
    };
    const planName = iamRoleName(`${props.namePrefix}-ci-plan`);
    const deployName = iamRoleName(`${props.namePrefix}-ci-deploy`);

    this.planRoleResource = this.role('PlanRole', planName, providerArn, `repo:${props.repository}:pull_request`, `Plans ${props.namePrefix} for pull requests of ${props.repository}: read only`);
    new IamRolePolicy(this, 'PlanPolicy', {
      role: this.planRoleResource.id,
      name: 'refresh-and-read-state',
      policy: policyDocument(...refreshStatements(permissions), ...stateStatements(permissions, 'read')),
    });

    this.deployRoleResource = this.role(
      'DeployRole',
      deployName,
      providerArn,
      `repo:${props.repository}:environment:${props.githubEnvironment}`,
      `Deploys ${props.namePrefix} from the ${props.githubEnvironment} environment of ${props.repository}`,
    );
    // Managed policies, not inline: a role's inline policies share one limit of 10,240 characters, which the deploy
    // statements exceed. The deploy role cannot change them: it has no iam:*Policy* permission of its own.
    const statements = [...refreshStatements(permissions), ...stateStatements(permissions, 'read-write'), ...deployStatements(permissions, [planName, deployName])];
    packStatements(statements).forEach((part, index) => {
      const policy = new IamPolicy(this, `DeployPolicy${index + 1}`, {
        name: `${deployName}-${index + 1}`,
        description: `Part ${index + 1} of what deploys of ${props.namePrefix} may do (ci-deploy-permissions.ts)`,
        policy: policyDocument(...part),
      });
      new IamRolePolicyAttachment(this, `DeployPolicy${index + 1}Attachment`, { role: this.deployRoleResource.name, policyArn: policy.arn });
    });
    this.planRole = this.planRoleResource.arn;
    this.deployRole = this.deployRoleResource.arn;
  }

  private role(id: string, name: string, providerArn: string, subject: string, description: string): IamRole {
    return new IamRole(this, id, {
      name,
      description,
      maxSessionDuration: CI_SESSION_SECONDS,
      assumeRolePolicy: policyDocument({
        Effect: 'Allow',
        Principal: { Federated: providerArn },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: { StringEquals: { [`${GITHUB_ISSUER_HOST}:sub`]: subject, [`${GITHUB_ISSUER_HOST}:aud`]: STS_AUDIENCE } },
      }),
    });
  }
}

/**
 * Statements in order, in as few documents under IAM's limit as fit. Measured before Terraform resolves the
 * account and partition, whose placeholders are longer than the values: the documents IAM sees are shorter still.
 */
export function packStatements(statements: readonly PolicyStatement[]): PolicyStatement[][] {
  const envelope = policyDocument().length;
  const parts: PolicyStatement[][] = [];
  let size = envelope;
  for (const statement of statements) {
    const length = JSON.stringify(statement).length + 1;
    if (envelope + length > MANAGED_POLICY_CHARACTERS) throw new Error(`IAM statement ${statement.Sid ?? ''} alone exceeds ${MANAGED_POLICY_CHARACTERS} characters`);
    if (parts.length === 0 || size + length > MANAGED_POLICY_CHARACTERS) {
      parts.push([]);
      size = envelope;
    }
    parts[parts.length - 1]!.push(statement);
    size += length;
  }
  return parts;
}

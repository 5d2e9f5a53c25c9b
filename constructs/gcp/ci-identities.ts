import { IamWorkloadIdentityPool } from '@cdktf/provider-google/lib/iam-workload-identity-pool';
import { IamWorkloadIdentityPoolProvider } from '@cdktf/provider-google/lib/iam-workload-identity-pool-provider';
import { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member';
import { ServiceAccount } from '@cdktf/provider-google/lib/service-account';
import { ServiceAccountIamMember } from '@cdktf/provider-google/lib/service-account-iam-member';
import { StorageBucketIamMember } from '@cdktf/provider-google/lib/storage-bucket-iam-member';
import { Construct } from 'constructs';
import { boundedName } from '../bounded-name';
import type { ContinuousDeliveryRoles, StateLocation } from '../kit';
import type { ProjectServices } from './project-services';
import { serviceAccountId } from './workload-identity';

/** GitHub Actions' OIDC issuer. */
export const GITHUB_ISSUER_URI = 'https://token.actions.githubusercontent.com';

/** What a pull request's plan refreshes: every resource's settings and IAM policies, no data (no object, secret value or database). */
export const PLAN_PROJECT_ROLES = ['roles/viewer', 'roles/iam.securityReviewer'] as const;

/**
 * What a deploy of the environment's stacks changes. GCP's predefined roles are per service and project-wide: IAM
 * cannot scope them to resources named `<platform>-<env>-…` for most services (no name conditions on Compute, GKE,
 * Cloud SQL or KMS creation), so the deploy account can change every resource of these services in the project;
 * a project per environment (`environments.<name>.cloud.project`) is what keeps environments apart. Project IAM
 * admin and service account admin let it give the accounts it makes (and itself) more rights: the GitHub
 * environment's reviewers guard that. Not here: the budget's billing account role (`roles/billing.costsManager`
 * on the billing account), which only a billing administrator can grant.
 */
export const DEPLOY_PROJECT_ROLES = [
  'roles/artifactregistry.admin',
  // `plinth janitor` and `plinth preview down` find environments by their labels (cloudasset.assets.searchAllResources),
  // named here rather than left to what the basic role roles/viewer happens to include.
  'roles/cloudasset.viewer',
  'roles/cloudkms.admin',
  'roles/cloudsql.admin',
  'roles/compute.networkAdmin',
  'roles/compute.securityAdmin',
  'roles/container.admin',
  'roles/iam.roleAdmin',
  'roles/iam.serviceAccountAdmin',
  'roles/iam.serviceAccountUser',
  'roles/iam.workloadIdentityPoolAdmin',
  'roles/logging.configWriter',
  'roles/monitoring.notificationChannelEditor',
  'roles/networkconnectivity.networkAdmin',
  'roles/redis.admin',
  'roles/resourcemanager.projectIamAdmin',
  'roles/secretmanager.admin',
  'roles/servicenetworking.networksAdmin',
  'roles/serviceusage.serviceUsageAdmin',
  'roles/storage.admin',
  'roles/viewer',
] as const;

export interface GithubActionsIdentitiesProps {
  readonly project: string;
  /** `<platform>-<environment>`: the pool's and the accounts' ids start with it. */
  readonly namePrefix: string;
  /** `owner/repo`, spelled as GitHub does (the subject is compared exactly). */
  readonly repository: string;
  /** The GitHub environment whose jobs may deploy. */
  readonly githubEnvironment: string;
  readonly state: StateLocation;
  readonly services: ProjectServices;
}

/** Workload Identity pool ids: 4-32 lower-case letters, digits and `-`. */
const POOL_ID_LIMIT = 32;

/**
 * The `ci` capability on GCP: a Workload Identity pool whose provider accepts GitHub Actions' OIDC tokens of one
 * repository only (attribute condition), and two service accounts that tokens are exchanged for, never a key.
 * The plan account can be impersonated only by the subject `repo:<repo>:pull_request` and reads; the deploy
 * account only by `repo:<repo>:environment:<env>` (the GitHub environment's reviewers guard it) and deploys.
 * A deleted pool keeps its id for 30 days: an environment destroyed and made again within that time needs the
 * pool undeleted (`gcloud iam workload-identity-pools undelete`) or imported.
 */
export class GithubActionsIdentities extends Construct implements ContinuousDeliveryRoles {
  readonly pool: IamWorkloadIdentityPool;
  readonly provider: IamWorkloadIdentityPoolProvider;
  readonly planAccount: ServiceAccount;
  readonly deployAccount: ServiceAccount;
  readonly planRole: string;
  readonly deployRole: string;
  readonly workloadIdentityProvider: string;

  constructor(scope: Construct, id: string, props: GithubActionsIdentitiesProps) {
    super(scope, id);
    if (props.state.type !== 'gcs') {
      throw new Error(`GithubActionsIdentities ${this.node.path}: CI identities on GCP need the environment's state in GCS (backend type "gcs"), found "${props.state.type}"`);
    }
    const apis = ['iam.googleapis.com', 'iamcredentials.googleapis.com', 'sts.googleapis.com'].map((api) => props.services.enable(api));
    this.pool = new IamWorkloadIdentityPool(this, 'Pool', {
      project: props.project,
      workloadIdentityPoolId: boundedName(`${props.namePrefix}-github`, POOL_ID_LIMIT),
      displayName: boundedName(`${props.namePrefix} GitHub`, POOL_ID_LIMIT),
      description: `GitHub Actions of ${props.repository} planning and deploying ${props.namePrefix}`,
      dependsOn: apis,
    });
    this.provider = new IamWorkloadIdentityPoolProvider(this, 'Provider', {
      project: props.project,
      workloadIdentityPoolId: this.pool.workloadIdentityPoolId,
      workloadIdentityPoolProviderId: 'github',
      displayName: 'GitHub Actions',
      oidc: { issuerUri: GITHUB_ISSUER_URI },
      attributeMapping: {
        'google.subject': 'assertion.sub',
        'attribute.repository': 'assertion.repository',
        // Pull-request tokens carry no environment claim.
        'attribute.environment': 'has(assertion.environment) ? assertion.environment : ""',
      },
      // Without a condition any GitHub repository's token would be accepted by the pool.
      attributeCondition: `assertion.repository == "${props.repository}"`,
    });
    this.workloadIdentityProvider = this.provider.name;

    const principal = (subject: string) => `principal://iam.googleapis.com/${this.pool.name}/subject/${subject}`;
    this.planAccount = this.account('PlanAccount', props, 'plan', `Plans ${props.namePrefix} for pull requests of ${props.repository}: read only`, principal(`repo:${props.repository}:pull_request`));
    this.deployAccount = this.account(
      'DeployAccount',
      props,
      'deploy',
      `Deploys ${props.namePrefix} from the ${props.githubEnvironment} environment of ${props.repository}`,
      principal(`repo:${props.repository}:environment:${props.githubEnvironment}`),
    );
    this.grantProject('Plan', this.planAccount, props.project, PLAN_PROJECT_ROLES);
    this.grantProject('Deploy', this.deployAccount, props.project, DEPLOY_PROJECT_ROLES);
    this.grantState('Plan', this.planAccount, props.state, 'read');
    this.grantState('Deploy', this.deployAccount, props.state, 'read-write');
    this.planRole = this.planAccount.email;
    this.deployRole = this.deployAccount.email;
  }

  private account(id: string, props: GithubActionsIdentitiesProps, role: 'plan' | 'deploy', description: string, impersonator: string): ServiceAccount {
    const account = new ServiceAccount(this, id, {
      project: props.project,
      accountId: serviceAccountId(`${props.namePrefix}-ci-${role}`),
      displayName: `${props.namePrefix} CI ${role}`,
      description,
    });
    new ServiceAccountIamMember(this, `${id}Impersonation`, { serviceAccountId: account.name, role: 'roles/iam.workloadIdentityUser', member: impersonator });
    return account;
  }

  private grantProject(id: string, account: ServiceAccount, project: string, roles: readonly string[]): void {
    for (const role of roles) {
      new ProjectIamMember(this, `${id}-${role.replace(/^roles\//, '').replace(/\./g, '-')}`, { project, role, member: account.member });
    }
  }

  /**
   * The environment's state objects (`<prefix>/…`) in the state bucket, which is not Plinth's: a plan reads them
   * and writes and deletes only the lock (`<prefix>/<stack>/default.tflock`, which GCS's backend creates and
   * removes); a deploy reads and writes them. Listing is allowed under the prefixes only.
   */
  private grantState(id: string, account: ServiceAccount, state: Extract<StateLocation, { type: 'gcs' }>, access: 'read' | 'read-write'): void {
    // CEL has no globs: `acme/pr-*` (previews) is the literal prefix `acme/pr-`, `acme/dev` the folder `acme/dev/`.
    const literal = (prefix: string) => (prefix.endsWith('*') ? prefix.slice(0, -1) : `${prefix}/`);
    const objects = (prefix: string) => `resource.name.startsWith("projects/_/buckets/${state.bucket}/objects/${literal(prefix)}")`;
    const listed = (prefix: string) => `api.getAttribute("storage.googleapis.com/objectListPrefix", "").startsWith("${literal(prefix)}")`;
    const underPrefixes = state.prefixes.flatMap((prefix) => [objects(prefix), listed(prefix)]).join(' || ');
    new StorageBucketIamMember(this, `${id}StateRead`, {
      bucket: state.bucket,
      role: 'roles/storage.objectViewer',
      member: account.member,
      condition: { title: 'state-objects', description: 'Only the environment’s Terraform state', expression: underPrefixes },
    });
    const writable = access === 'read' ? state.prefixes.map((prefix) => `(${objects(prefix)} && resource.name.endsWith(".tflock"))`).join(' || ') : state.prefixes.map(objects).join(' || ');
    new StorageBucketIamMember(this, `${id}State${access === 'read' ? 'Lock' : 'Write'}`, {
      bucket: state.bucket,
      role: 'roles/storage.objectUser',
      member: account.member,
      condition: {
        title: access === 'read' ? 'state-lock' : 'state-objects',
        description: access === 'read' ? 'Only the lock files of the environment’s Terraform state' : 'Only the environment’s Terraform state',
        expression: writable,
      },
    });
  }
}

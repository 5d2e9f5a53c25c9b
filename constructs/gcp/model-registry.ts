import { ProjectIamCustomRole } from '@cdktf/provider-google/lib/project-iam-custom-role';
import { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member';
import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import type { Grantee, ModelRegistryMirror } from '../kit';
import { idPart, memberOf } from './grants';
import type { ProjectServices } from './project-services';

/**
 * What publishing a model version to the Vertex AI Model Registry calls: upload a version
 * (`models.upload`, on the location), read and list models and versions, update a version's labels and
 * aliases (`models.update`, also behind `mergeVersionAliases`), and poll the upload's long-running
 * operation. No delete: a rollback moves an alias, it never removes a version. Permissions as the Vertex AI
 * REST reference names them per method (projects.locations.models.upload: "aiplatform.models.upload on the
 * parent"). Predefined roles are broader: Vertex AI User (roles/aiplatform.user) also trains, deploys and
 * predicts across Vertex AI, and Google's access-control guide recommends a custom role for least privilege
 * (https://cloud.google.com/vertex-ai/docs/general/access-control, "Use custom roles to grant least-privilege
 * permissions").
 */
export const PUBLISH_PERMISSIONS = ['aiplatform.models.upload', 'aiplatform.models.get', 'aiplatform.models.list', 'aiplatform.models.update', 'aiplatform.operations.get'] as const;

export interface VertexModelRegistryProps {
  readonly project: string;
  readonly region: string;
  readonly services: ProjectServices;
  /**
   * `<platform>-<environment>`: names the publisher role, which is project-wide, so that environments
   * sharing a project each have their own.
   * @default - the stack's name
   */
  readonly namePrefix?: string;
}

/**
 * The Vertex AI Model Registry of the environment's region, as the promotion gates' mirror on GCP.
 *
 * There is no registry to create: Vertex AI keeps one per project and location, and Terraform has no
 * resource for it or for model versions. So this construct enables the Vertex AI API, names the
 * registry the way Vertex's clients address it (`projects/<project>/locations/<region>`), and grants
 * publishing through a custom role holding PUBLISH_PERMISSIONS only, bound at the project (the Google
 * provider has no IAM resource for Vertex AI models, so the project is the narrowest place Terraform can grant).
 *
 * The gates do not mirror to Vertex AI yet: on AWS they register a SageMaker model package
 * (services/gates/cloud-registry); on GCP they would upload a model version with Vertex AI's official
 * client (`@google-cloud/aiplatform`, ModelServiceClient.uploadModel) and move an alias on approval,
 * and that client is not in services yet. Until it is, the grant and the name are in place and
 * `notMirroredBecause` says so, for the blueprint's output.
 */
export class VertexModelRegistry extends Construct implements ModelRegistryMirror {
  readonly registryName: string;
  /** Why the gates do not mirror to this registry, in a sentence for the blueprint's output. */
  readonly notMirroredBecause = 'not implemented on GCP yet: the gates keep promotions in their own store and do not upload to Vertex AI';
  readonly role: ProjectIamCustomRole;
  private readonly grants = new Map<Grantee, ProjectIamMember>();

  constructor(scope: Construct, id: string, readonly props: VertexModelRegistryProps) {
    super(scope, id);
    if (!/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/.test(props.project)) {
      throw new Error(`VertexModelRegistry ${this.node.path}: project "${props.project}" must be a project id (6-30 lower-case letters, digits and "-", starting with a letter)`);
    }
    if (!/^[a-z]+-[a-z]+\d+$/.test(props.region)) {
      throw new Error(`VertexModelRegistry ${this.node.path}: region "${props.region}" must be a Google Cloud region such as "europe-west4"`);
    }
    const api = props.services.enable('aiplatform.googleapis.com');
    this.registryName = `projects/${props.project}/locations/${props.region}`;
    const prefix = props.namePrefix ?? TerraformStack.of(this).node.id;
    this.role = new ProjectIamCustomRole(this, 'PublisherRole', {
      project: props.project,
      // Custom role ids take letters, digits, `_` and `.` only, at most 64.
      roleId: `${prefix.replace(/[^A-Za-z0-9]+/g, '_')}_model_publisher`.slice(0, 64),
      title: `Publish models to Vertex AI (${prefix})`.slice(0, 100),
      description: `Upload model versions to the Vertex AI Model Registry and update their labels and aliases; nothing else (Plinth promotion gates, ${prefix})`,
      permissions: [...PUBLISH_PERMISSIONS],
      stage: 'GA',
      dependsOn: [api],
    });
  }

  /** Lets `grantee` (the gates' workload identity) publish model versions with the publisher role, once per grantee. */
  grantPublish(grantee: Grantee): void {
    const member = memberOf(this, grantee);
    if (this.grants.has(grantee)) return;
    this.grants.set(grantee, new ProjectIamMember(this, `Publish-${idPart(grantee.description)}`, { project: this.props.project, role: this.role.name, member }));
  }
}

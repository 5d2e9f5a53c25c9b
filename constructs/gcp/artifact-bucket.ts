import { createHash } from 'node:crypto';
import { ProjectIamAuditConfig } from '@cdktf/provider-google/lib/project-iam-audit-config';
import { StorageBucket } from '@cdktf/provider-google/lib/storage-bucket';
import { StorageBucketIamMember } from '@cdktf/provider-google/lib/storage-bucket-iam-member';
import { Construct } from 'constructs';
import type { ArtifactStore, Grantee } from '../kit';
import { checkedPrefix } from '../object-prefix';
import type { GcpEncryptionKey } from './encryption-key';
import { idPart, memberOf } from './grants';
import type { ProjectServices } from './project-services';

export interface GcsArtifactBucketProps {
  readonly project: string;
  readonly region: string;
  /** Start of the bucket name, `<namePrefix>-artifacts-<hash of the project>`: lower-case letters, digits and hyphens. */
  readonly namePrefix: string;
  readonly key: GcpEncryptionKey;
  readonly services: ProjectServices;
  /** Days before a replaced object version moves to NEARLINE (at least 1). */
  readonly noncurrentTransitionDays: number;
  /** Days before a replaced object version is deleted; more than noncurrentTransitionDays. */
  readonly noncurrentExpirationDays: number;
  /** Let `terraform destroy` delete a bucket that still holds objects. */
  readonly forceDestroy: boolean;
  /** Labels beyond the provider's default_labels, which already label the bucket; unused until a bucket needs more. */
  readonly labels: Readonly<Record<string, string>>;
}

/** GCS bucket names are one namespace across all of Google Cloud; at most 63 characters without dots. */
const BUCKET_NAME = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;
const READ_ROLE = 'roles/storage.objectViewer';
/** Get, list, create, overwrite and delete objects, multipart uploads included; unlike objectAdmin, no object ACLs or IAM. */
const READ_WRITE_ROLE = 'roles/storage.objectUser';

/**
 * The artifact store on GCS: uniform bucket-level access (IAM is the only gate, no object ACLs), public access
 * prevention enforced, versioned (a model is never lost to an overwrite), encrypted with the environment's key,
 * replaced versions tiered to NEARLINE then deleted, incomplete multipart uploads aborted after 7 days.
 *
 * The name is `<namePrefix>-artifacts-<first 8 hex digits of sha256(project)>`. Bucket names are global across
 * Google Cloud, like S3's, so the AWS kit appends the account id; appending the project id would be as unique but
 * can overflow the 63-character limit (project ids run to 30) and publishes the project id in a namespace anyone can
 * probe. A hash of the project is deterministic (no random provider, the same name on every synth, so grant
 * conditions can name the bucket literally) and differs between projects; an unlikely collision fails the create
 * loudly, it never shares a bucket.
 *
 * Access is logged with Cloud Audit Logs, not GCS usage logs: data access logs (DATA_READ, DATA_WRITE) for
 * storage.googleapis.com record who read or wrote which object, with the caller's identity, in Cloud Logging, which
 * Google recommends over usage logs (https://cloud.google.com/storage/docs/access-logs); usage logs would need a
 * second bucket and carry no principal. `google_project_iam_audit_config` is per project and service: environments
 * sharing a project manage the same setting, and destroying one of them turns storage data access logs off for all.
 *
 * The soft delete policy keeps its default (deleted objects recoverable for 7 days): versioning already keeps
 * replaced versions, and soft delete adds a short undo for deletions of those versions and of the bucket's contents.
 */
export class GcsArtifactBucket extends Construct implements ArtifactStore {
  readonly bucket: StorageBucket;
  readonly uri: string;
  readonly bucketName: string;
  /** The bucket's name as a literal (not a Terraform reference), for IAM conditions. */
  private readonly name: string;

  constructor(scope: Construct, id: string, readonly props: GcsArtifactBucketProps) {
    super(scope, id);
    const where = `GcsArtifactBucket ${this.node.path}`;
    const { noncurrentTransitionDays: transitionDays, noncurrentExpirationDays: expirationDays } = props;
    if (!Number.isInteger(transitionDays) || transitionDays < 1) {
      throw new Error(`${where}: noncurrentTransitionDays must be a whole number of days, at least 1, got ${transitionDays}`);
    }
    if (!Number.isInteger(expirationDays) || expirationDays <= transitionDays) {
      throw new Error(`${where}: noncurrentExpirationDays (${expirationDays}) must be a whole number of days greater than noncurrentTransitionDays (${transitionDays})`);
    }
    this.name = `${props.namePrefix}-artifacts-${createHash('sha256').update(props.project).digest('hex').slice(0, 8)}`;
    if (!BUCKET_NAME.test(this.name) || /google|^goog/.test(this.name)) {
      throw new Error(
        `${where}: namePrefix "${props.namePrefix}" makes the bucket name "${this.name}", which GCS refuses: ` +
          'use at most 44 lower-case letters, digits and hyphens, starting with a letter or digit, without "google"',
      );
    }

    const api = props.services.enable('storage.googleapis.com');
    this.bucket = new StorageBucket(this, 'Resource', {
      project: props.project,
      name: this.name,
      location: props.region,
      uniformBucketLevelAccess: true,
      publicAccessPrevention: 'enforced',
      versioning: { enabled: true },
      encryption: { defaultKmsKeyName: props.key.keyId },
      forceDestroy: props.forceDestroy,
      lifecycleRule: [
        { action: { type: 'SetStorageClass', storageClass: 'NEARLINE' }, condition: { daysSinceNoncurrentTime: transitionDays, withState: 'ARCHIVED' } },
        { action: { type: 'Delete' }, condition: { daysSinceNoncurrentTime: expirationDays, withState: 'ARCHIVED' } },
        { action: { type: 'AbortIncompleteMultipartUpload' }, condition: { age: 7 } },
      ],
      // The storage service agent encrypts with the key: without its grant the bucket cannot be created.
      dependsOn: [api, props.key.grantServiceAgent('storage')],
    });
    new ProjectIamAuditConfig(this, 'DataAccessAuditLogs', {
      project: props.project,
      service: 'storage.googleapis.com',
      auditLogConfig: [{ logType: 'DATA_READ' }, { logType: 'DATA_WRITE' }],
    });
    this.bucketName = this.bucket.name;
    this.uri = `gs://${this.name}`;
  }

  /** Lets `grantee` list and read objects under `prefix` (the whole bucket when omitted), older versions included. */
  grantRead(grantee: Grantee, prefix?: string): void {
    this.grantObjects(grantee, 'read', READ_ROLE, checkedPrefix(this, prefix));
  }

  /** As grantRead, and write, overwrite and delete objects under `prefix` (older versions stay until they expire). */
  grantReadWrite(grantee: Grantee, prefix?: string): void {
    this.grantObjects(grantee, 'read-write', READ_WRITE_ROLE, checkedPrefix(this, prefix));
  }

  /**
   * One bucket-level binding of `role`, conditioned to `prefix` when there is one. Reading and writing an object is
   * checked against the object (`projects/_/buckets/<bucket>/objects/<name>`), but listing is checked against the
   * bucket, where the object condition never holds: the condition's second half admits a list whose requested
   * prefix lies under `prefix`, through the `storage.googleapis.com/objectListPrefix` API attribute
   * (https://cloud.google.com/iam/docs/conditions-attribute-reference#api-attributes). A list of the whole bucket,
   * or of another prefix, is refused. No key grant is needed: GCS encrypts and decrypts through its service agent.
   */
  private grantObjects(grantee: Grantee, access: string, role: string, prefix: string): void {
    const id = ['Grant', access, idPart(grantee.description), ...(prefix ? [idPart(prefix)] : [])].join('-');
    if (this.node.tryFindChild(id)) return;
    new StorageBucketIamMember(this, id, {
      bucket: this.bucket.name,
      role,
      member: memberOf(this, grantee),
      condition: prefix
        ? {
            title: `${access} ${prefix}`.slice(0, 100),
            description: `Objects under ${prefix} only, and lists of that prefix`,
            expression:
              `resource.name.startsWith(${JSON.stringify(`projects/_/buckets/${this.name}/objects/${prefix}`)}) || ` +
              `api.getAttribute("storage.googleapis.com/objectListPrefix", "").startsWith(${JSON.stringify(prefix)})`,
          }
        : undefined,
    });
  }
}

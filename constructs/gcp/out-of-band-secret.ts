import { SecretManagerSecret } from '@cdktf/provider-google/lib/secret-manager-secret';
import { SecretManagerSecretIamMember } from '@cdktf/provider-google/lib/secret-manager-secret-iam-member';
import { Construct } from 'constructs';
import type { Grantee } from '../kit';
import type { GcpEncryptionKey } from './encryption-key';
import { idPart, memberOf } from './grants';
import type { ProjectServices } from './project-services';

export interface OutOfBandSecretProps {
  readonly project: string;
  /** The only region the secret's payload is stored in. */
  readonly region: string;
  /** The secret's id in Secret Manager. */
  readonly secretId: string;
  readonly key: GcpEncryptionKey;
  readonly services: ProjectServices;
  /** Refuse `terraform destroy` of the secret (and so of every version in it). */
  readonly deletionProtection: boolean;
}

/**
 * A Secret Manager secret whose value Terraform never sees: the stack makes the secret (its replica in the
 * environment's region only, encrypted with the environment's key) and its grants, and an operator adds the value as a
 * version out of band (`gcloud secrets versions add`), so no version and no value is ever in Terraform state.
 */
export class OutOfBandSecret extends Construct {
  readonly secret: SecretManagerSecret;
  /** `projects/<project>/secrets/<id>` (a Terraform reference); readers take `<id>/versions/latest`. */
  readonly secretName: string;

  constructor(scope: Construct, id: string, readonly props: OutOfBandSecretProps) {
    super(scope, id);
    this.secret = new SecretManagerSecret(this, 'Resource', {
      project: props.project,
      secretId: props.secretId,
      replication: { userManaged: { replicas: [{ location: props.region, customerManagedEncryption: { kmsKeyName: props.key.keyId } }] } },
      deletionProtection: props.deletionProtection,
      dependsOn: [props.services.enable('secretmanager.googleapis.com'), props.key.grantServiceAgent('secretmanager')],
    });
    this.secretName = this.secret.id;
  }

  /** Lets `grantee` read the secret's versions (`roles/secretmanager.secretAccessor` on this secret only); Secret Manager decrypts through its agent. */
  grantRead(grantee: Grantee): void {
    const id = `Read-${idPart(grantee.description)}`;
    if (this.node.tryFindChild(id)) return;
    new SecretManagerSecretIamMember(this, id, {
      project: this.props.project,
      secretId: this.secret.secretId,
      role: 'roles/secretmanager.secretAccessor',
      member: memberOf(this, grantee),
    });
  }
}

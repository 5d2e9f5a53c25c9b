import { DataGoogleProject } from '@cdktf/provider-google/lib/data-google-project';
import { DataGoogleStorageProjectServiceAccount } from '@cdktf/provider-google/lib/data-google-storage-project-service-account';
import { KmsCryptoKey } from '@cdktf/provider-google/lib/kms-crypto-key';
import { KmsCryptoKeyIamMember } from '@cdktf/provider-google/lib/kms-crypto-key-iam-member';
import { KmsKeyRing } from '@cdktf/provider-google/lib/kms-key-ring';
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import type { EncryptionKey, Grantee } from '../kit';
import { idPart, memberOf } from './grants';
import type { ProjectServices } from './project-services';

export interface GcpEncryptionKeyProps {
  readonly project: string;
  /** Keys are regional: the region of every resource they encrypt. */
  readonly region: string;
  /** `<platform>-<environment>`: names the key ring and the key. */
  readonly name: string;
  readonly services: ProjectServices;
  /**
   * Keep the key from being destroyed: Terraform refuses any plan that would destroy it (`lifecycle.prevent_destroy`).
   * Without it the key can be destroyed, but its versions stay recoverable for `destroyScheduledDays`.
   */
  readonly deletionProtection: boolean;
  /**
   * Days a destroyed key version stays recoverable before its material is gone (Cloud KMS allows 1-120), the
   * counterpart of the AWS key's deletion window.
   * @default 30
   */
  readonly destroyScheduledDays?: number;
  /**
   * Where the key material lives. An active HSM key version costs $1.00 a month against $0.06 in software
   * (https://cloud.google.com/kms/pricing), and every 90-day rotation adds one that stays active for the data it
   * encrypted; HSM buys a FIPS 140-2 level 3 boundary Plinth's data does not require. Choose it where a regulator does.
   * @default 'SOFTWARE'
   */
  readonly protectionLevel?: 'SOFTWARE' | 'HSM';
}

/** The Google-managed service agents that encrypt with the environment's key on a service's behalf (CMEK). */
export type ServiceAgent = 'storage' | 'cloudsql' | 'artifactregistry' | 'container' | 'compute' | 'redis' | 'secretmanager';

/**
 * Each service agent's email domain (the agent is `service-<project number>@<domain>`) and the API whose enabling
 * makes Google create it. Sources:
 * - storage: https://cloud.google.com/storage/docs/getting-service-agent (resolved by the GA data source instead)
 * - cloudsql: https://cloud.google.com/sql/docs/postgres/cmek (gcp-sa-cloud-sql)
 * - artifactregistry: https://cloud.google.com/artifact-registry/docs/ar-service-account
 * - container: https://cloud.google.com/kubernetes-engine/docs/how-to/encrypting-secrets (container-engine-robot)
 * - compute: https://cloud.google.com/compute/docs/disks/customer-managed-encryption (compute-system)
 * - redis: https://cloud.google.com/memorystore/docs/redis/use-cmek (cloud-redis)
 * - secretmanager: https://cloud.google.com/secret-manager/docs/cmek (gcp-sa-secretmanager)
 */
const SERVICE_AGENTS: Record<ServiceAgent, { readonly domain: string; readonly api: string }> = {
  storage: { domain: 'gs-project-accounts.iam.gserviceaccount.com', api: 'storage.googleapis.com' },
  cloudsql: { domain: 'gcp-sa-cloud-sql.iam.gserviceaccount.com', api: 'sqladmin.googleapis.com' },
  artifactregistry: { domain: 'gcp-sa-artifactregistry.iam.gserviceaccount.com', api: 'artifactregistry.googleapis.com' },
  container: { domain: 'container-engine-robot.iam.gserviceaccount.com', api: 'container.googleapis.com' },
  compute: { domain: 'compute-system.iam.gserviceaccount.com', api: 'compute.googleapis.com' },
  redis: { domain: 'cloud-redis.iam.gserviceaccount.com', api: 'redis.googleapis.com' },
  secretmanager: { domain: 'gcp-sa-secretmanager.iam.gserviceaccount.com', api: 'secretmanager.googleapis.com' },
};

const ENCRYPT_DECRYPT = 'roles/cloudkms.cryptoKeyEncrypterDecrypter';
const DAY_SECONDS = 24 * 60 * 60;
/** Cloud KMS rotates the key to a new primary version this often: 90 days, the longest period Plinth's policy allows. */
const ROTATION_PERIOD = `${90 * DAY_SECONDS}s`;

/**
 * The environment's Cloud KMS key ring and key (a new version every 90 days), and the CMEK grants of each service
 * agent. Grants are additive `google_kms_crypto_key_iam_member`s on the key itself, never on the ring or the project.
 * Cloud KMS never deletes a key ring or key (destroy only schedules the versions' destruction), so their names stay
 * taken: deploying an environment again after destroying it means importing both.
 */
export class GcpEncryptionKey extends Construct implements EncryptionKey {
  readonly keyRing: KmsKeyRing;
  readonly key: KmsCryptoKey;
  /** The crypto key's id, `projects/<p>/locations/<r>/keyRings/<ring>/cryptoKeys/<key>` (a Terraform reference). */
  readonly keyId: string;
  private readonly granteeGrants = new Map<Grantee, KmsCryptoKeyIamMember>();
  private readonly agentGrants = new Map<ServiceAgent, KmsCryptoKeyIamMember>();
  private projectData?: DataGoogleProject;

  constructor(scope: Construct, id: string, readonly props: GcpEncryptionKeyProps) {
    super(scope, id);
    const destroyScheduledDays = props.destroyScheduledDays ?? 30;
    if (!Number.isInteger(destroyScheduledDays) || destroyScheduledDays < 1 || destroyScheduledDays > 120) {
      throw new Error(`GcpEncryptionKey ${this.node.path}: destroyScheduledDays must be a whole number of days from 1 to 120 (Cloud KMS's limits), got ${destroyScheduledDays}`);
    }
    const kms = props.services.enable('cloudkms.googleapis.com');
    this.keyRing = new KmsKeyRing(this, 'KeyRing', { project: props.project, location: props.region, name: props.name, dependsOn: [kms] });
    this.key = new KmsCryptoKey(this, 'Resource', {
      name: `${props.name}-data`,
      keyRing: this.keyRing.id,
      purpose: 'ENCRYPT_DECRYPT',
      rotationPeriod: ROTATION_PERIOD,
      destroyScheduledDuration: `${destroyScheduledDays * DAY_SECONDS}s`,
      versionTemplate: { algorithm: 'GOOGLE_SYMMETRIC_ENCRYPTION', protectionLevel: props.protectionLevel ?? 'SOFTWARE' },
      // Destroying the key makes everything encrypted under it unreadable once its versions are gone.
      lifecycle: props.deletionProtection ? { preventDestroy: true } : undefined,
    });
    this.keyId = this.key.id;
  }

  /** Lets `grantee` encrypt and decrypt with this key (its own service account, on this key only), once per grantee. */
  grantEncryptDecrypt(grantee: Grantee): void {
    if (this.granteeGrants.has(grantee)) return;
    const member = memberOf(this, grantee);
    const id = `EncryptDecrypt-${idPart(grantee.description)}`;
    const unique = this.node.tryFindChild(id) ? `${id}-${this.granteeGrants.size + 1}` : id;
    this.granteeGrants.set(grantee, new KmsCryptoKeyIamMember(this, unique, { cryptoKeyId: this.keyId, role: ENCRYPT_DECRYPT, member }));
  }

  /**
   * Lets a service's agent (the storage service account of the project, Cloud SQL's, …) encrypt and decrypt with the
   * key, once per agent; a resource encrypted with the key lists the result in `dependsOn`, or its creation fails.
   *
   * The provider has no GA resource that creates an agent (`google_project_service_identity` is google-beta only), so
   * each agent's email is built from the project number; its API is enabled first, which creates the agents of
   * container, compute, redis and, on first use, the others. The storage agent is looked up through the GA data
   * source `google_storage_project_service_account`, which also creates it. Cloud SQL's, Artifact Registry's and
   * Secret Manager's agents may not exist in a new project until their first resource: where the grant fails with
   * "service account does not exist", run `gcloud beta services identity create --service=<api>` once.
   */
  grantServiceAgent(agent: ServiceAgent): ITerraformDependable {
    const known = this.agentGrants.get(agent);
    if (known) return known;
    const spec = SERVICE_AGENTS[agent];
    if (!spec) {
      throw new Error(`GcpEncryptionKey ${this.node.path}: grantServiceAgent("${agent}") names no known service agent; expected one of ${Object.keys(SERVICE_AGENTS).join(', ')}`);
    }
    const api = this.props.services.enable(spec.api);
    const member = agent === 'storage' ? this.storageAgentMember(api) : `serviceAccount:service-${this.projectNumber()}@${spec.domain}`;
    const grant = new KmsCryptoKeyIamMember(this, `${idPart(agent)}-agent-encrypt-decrypt`, {
      cryptoKeyId: this.keyId,
      role: ENCRYPT_DECRYPT,
      member,
      dependsOn: [api],
    });
    this.agentGrants.set(agent, grant);
    return grant;
  }

  private storageAgentMember(api: ITerraformDependable): string {
    const account = new DataGoogleStorageProjectServiceAccount(this, 'StorageAgent', { project: this.props.project, dependsOn: [api] });
    return account.member;
  }

  private projectNumber(): string {
    this.projectData ??= new DataGoogleProject(this, 'Project', { projectId: this.props.project });
    return this.projectData.number;
  }
}

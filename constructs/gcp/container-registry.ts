import { ArtifactRegistryRepository } from '@cdktf/provider-google/lib/artifact-registry-repository';
import { ArtifactRegistryRepositoryIamMember } from '@cdktf/provider-google/lib/artifact-registry-repository-iam-member';
import { Construct } from 'constructs';
import type { ContainerRegistry, Grantee } from '../kit';
import type { GcpEncryptionKey } from './encryption-key';
import { idPart, memberOf } from './grants';
import type { ProjectServices } from './project-services';

export interface ArtifactRegistryProps {
  readonly project: string;
  readonly region: string;
  /** Repository ids are `<namePrefix>-<service>`. */
  readonly namePrefix: string;
  /** One Docker repository per service name. */
  readonly services: readonly string[];
  readonly key: GcpEncryptionKey;
  readonly projectServices: ProjectServices;
  /** Labels beyond the provider's default_labels, which already label each repository; unused until one needs more. */
  readonly labels: Readonly<Record<string, string>>;
  /** Untagged images (layers of pushes that were re-tagged elsewhere, failed pushes) are deleted after this many days. @default 7 */
  readonly untaggedImageRetentionDays?: number;
  /** The most recent versions of each image are kept whatever else the cleanup policies would delete. @default 10 */
  readonly keepRecentVersions?: number;
}

/** Artifact Registry repository ids: a lower-case letter, then lower-case letters, digits and hyphens, at most 63. */
const REPOSITORY_ID = /^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/;
const DAY_SECONDS = 24 * 60 * 60;

/**
 * One Artifact Registry Docker repository per service, like the AWS kit's ECR repositories: tags are immutable (a
 * deployed tag always means the same image), images are encrypted with the environment's key, scanned for
 * vulnerabilities on push (Container Scanning, billed per image), and untagged images are cleaned up while the most
 * recent versions are always kept. Each service's images live at `<region>-docker.pkg.dev/<project>/<repository>/<service>`:
 * Artifact Registry needs an image name under the repository, so the URL a workload pulls `:<version>` of ends in the
 * service's name.
 */
export class ArtifactRegistry extends Construct implements ContainerRegistry {
  readonly repositories: Readonly<Record<string, ArtifactRegistryRepository>>;
  readonly repositoryUrls: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, readonly props: ArtifactRegistryProps) {
    super(scope, id);
    const where = `ArtifactRegistry ${this.node.path}`;
    if (props.services.length === 0) throw new Error(`${where}: services must name at least one repository`);
    const untaggedDays = props.untaggedImageRetentionDays ?? 7;
    const keepCount = props.keepRecentVersions ?? 10;
    if (!Number.isInteger(untaggedDays) || untaggedDays < 1) throw new Error(`${where}: untaggedImageRetentionDays must be a whole number of days, at least 1, got ${untaggedDays}`);
    if (!Number.isInteger(keepCount) || keepCount < 1) throw new Error(`${where}: keepRecentVersions must be a whole number, at least 1, got ${keepCount}`);

    const dependsOn = [
      props.projectServices.enable('artifactregistry.googleapis.com'),
      // Scanning on push happens where the Container Scanning API is on ("INHERITED" below).
      props.projectServices.enable('containerscanning.googleapis.com'),
      props.key.grantServiceAgent('artifactregistry'),
    ];
    const repositories: Record<string, ArtifactRegistryRepository> = {};
    const urls: Record<string, string> = {};
    for (const service of props.services) {
      const repositoryId = `${props.namePrefix}-${service}`;
      if (!REPOSITORY_ID.test(repositoryId)) {
        throw new Error(
          `${where}: service "${service}" makes the repository id "${repositoryId}", which Artifact Registry refuses: ` +
            'namePrefix and service must give at most 63 lower-case letters, digits and hyphens, starting with a letter and not ending with a hyphen',
        );
      }
      if (repositories[service]) throw new Error(`${where}: services names "${service}" twice`);
      repositories[service] = new ArtifactRegistryRepository(this, idPart(service), {
        project: props.project,
        location: props.region,
        repositoryId,
        format: 'DOCKER',
        description: `Images of Plinth's ${service} service`,
        kmsKeyName: props.key.keyId,
        dockerConfig: { immutableTags: true },
        vulnerabilityScanningConfig: { enablementConfig: 'INHERITED' },
        cleanupPolicyDryRun: false,
        cleanupPolicies: [
          { id: 'delete-untagged', action: 'DELETE', condition: { tagState: 'UNTAGGED', olderThan: `${untaggedDays * DAY_SECONDS}s` } },
          // Keep policies win over delete policies: each image's newest versions survive the rule above, tagged or not.
          { id: 'keep-recent-versions', action: 'KEEP', mostRecentVersions: { keepCount } },
        ],
        dependsOn,
      });
      urls[service] = `${props.region}-docker.pkg.dev/${props.project}/${repositoryId}/${service}`;
    }
    this.repositories = repositories;
    this.repositoryUrls = urls;
  }

  /**
   * Lets `grantee` (a node pool: the kubelet pulls) pull images from every repository: `roles/artifactregistry.reader`
   * on each repository, never on the project. No key grant is needed: Artifact Registry decrypts through its agent.
   */
  grantPull(grantee: Grantee): void {
    const member = memberOf(this, grantee);
    for (const [service, repository] of Object.entries(this.repositories)) {
      const id = `Pull-${idPart(service)}-${idPart(grantee.description)}`;
      if (this.node.tryFindChild(id)) continue;
      new ArtifactRegistryRepositoryIamMember(this, id, {
        project: repository.project,
        location: repository.location,
        repository: repository.name,
        role: 'roles/artifactregistry.reader',
        member,
      });
    }
  }
}

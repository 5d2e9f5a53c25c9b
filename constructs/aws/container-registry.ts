import { EcrLifecyclePolicy } from '@cdktf/provider-aws/lib/ecr-lifecycle-policy';
import { EcrRepository } from '@cdktf/provider-aws/lib/ecr-repository';
import { Construct } from 'constructs';
import type { ContainerRegistry, Grantee } from '../kit';
import type { AwsEncryptionKey } from './encryption-key';
import { grantToRole, policyNamePart } from './grants';

export interface EcrRegistryProps {
  /** Repository names are `<namePrefix>/<service>`. */
  readonly namePrefix: string;
  readonly services: readonly string[];
  readonly key: AwsEncryptionKey;
  /** Untagged images are deleted after this many days. @default 14 */
  readonly untaggedImageRetentionDays?: number;
  /** Let `terraform destroy` delete repositories that still hold images. @default false */
  readonly forceDelete?: boolean;
}

/**
 * One ECR repository per service: tags are immutable (a deployed tag always means the same image),
 * every push is scanned for vulnerabilities, images are encrypted with the platform key, and
 * untagged layers expire.
 */
export class EcrRegistry extends Construct implements ContainerRegistry {
  readonly repositories: Readonly<Record<string, EcrRepository>>;
  readonly repositoryUrls: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: EcrRegistryProps) {
    super(scope, id);
    if (props.services.length === 0) throw new Error(`EcrRegistry ${this.node.path}: services must name at least one repository`);
    const repositories: Record<string, EcrRepository> = {};
    for (const service of props.services) {
      const repository = new EcrRepository(this, service, {
        name: `${props.namePrefix}/${service}`,
        imageTagMutability: 'IMMUTABLE',
        imageScanningConfiguration: { scanOnPush: true },
        encryptionConfiguration: [{ encryptionType: 'KMS', kmsKey: props.key.arn }],
        forceDelete: props.forceDelete ?? false,
      });
      new EcrLifecyclePolicy(this, `${service}-lifecycle`, {
        repository: repository.name,
        policy: JSON.stringify({
          rules: [
            {
              rulePriority: 1,
              description: 'Expire untagged images',
              selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: props.untaggedImageRetentionDays ?? 14 },
              action: { type: 'expire' },
            },
          ],
        }),
      });
      repositories[service] = repository;
    }
    this.repositories = repositories;
    this.repositoryUrls = Object.fromEntries(Object.entries(repositories).map(([service, repository]) => [service, repository.repositoryUrl]));
  }

  /**
   * Lets `grantee` (a node pool: the kubelet pulls) pull images from every repository of the
   * registry. No KMS permission is needed: ECR decrypts layers through its own grant on the key.
   */
  grantPull(grantee: Grantee): void {
    grantToRole(this, grantee, `${policyNamePart(this.node.id)}-pull`, [
      {
        Sid: 'PullPlatformImages',
        Effect: 'Allow',
        Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
        Resource: Object.values(this.repositories).map((repository) => repository.arn),
      },
      // The registry login token is account-wide by design: IAM accepts no narrower resource for it.
      { Sid: 'LogInToTheRegistry', Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' },
    ]);
  }
}

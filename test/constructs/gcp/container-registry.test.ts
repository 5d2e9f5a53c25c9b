import type { TerraformStack } from 'cdktf';
import { ArtifactRegistry, type ArtifactRegistryProps } from '../../../constructs/gcp/container-registry';
import { only, refTo, resourcesOf, synthGcpStack } from '../../support/construct-synth';
import { gcpPackFindings, TEST_PROJECT, TEST_REGION, testFoundation, testGrantee } from './support';

function registryIn(stack: TerraformStack, props: Partial<ArtifactRegistryProps> = {}): ArtifactRegistry {
  const { services, key } = testFoundation(stack);
  return new ArtifactRegistry(stack, 'Registry', {
    project: TEST_PROJECT,
    region: TEST_REGION,
    namePrefix: 'acme-dev',
    services: ['tracking', 'feature-server'],
    key,
    projectServices: services,
    labels: {},
    ...props,
  });
}

describe('ArtifactRegistry', () => {
  let made!: ArtifactRegistry;
  const stack = synthGcpStack((s) => {
    made = registryIn(s);
    const nodes = testGrantee(s, 'system-nodes');
    made.grantPull(nodes.grantee);
    made.grantPull(nodes.grantee);
  });
  const repositories = resourcesOf(stack, 'google_artifact_registry_repository');

  it('makes one Docker repository per service, named <namePrefix>-<service>, in the region', () => {
    expect(repositories.map((repository) => repository.repository_id).sort()).toEqual(['acme-dev-feature-server', 'acme-dev-tracking']);
    for (const repository of repositories) expect(repository).toMatchObject({ format: 'DOCKER', location: TEST_REGION, project: TEST_PROJECT });
  });

  it('gives each service the URL of its image, which pushes and pulls name with :<version>', () => {
    expect(made.repositoryUrls).toEqual({
      tracking: `${TEST_REGION}-docker.pkg.dev/${TEST_PROJECT}/acme-dev-tracking/tracking`,
      'feature-server': `${TEST_REGION}-docker.pkg.dev/${TEST_PROJECT}/acme-dev-feature-server/feature-server`,
    });
  });

  it('makes tags immutable and scans pushes for vulnerabilities', () => {
    for (const repository of repositories) {
      expect(repository.docker_config.immutable_tags).toBe(true);
      expect(repository.vulnerability_scanning_config.enablement_config).toBe('INHERITED');
    }
    expect(resourcesOf(stack, 'google_project_service').map((service) => service.service)).toEqual(
      expect.arrayContaining(['artifactregistry.googleapis.com', 'containerscanning.googleapis.com']),
    );
  });

  it('encrypts with the environment key once the Artifact Registry agent may use it', () => {
    const agentGrant = Object.keys(stack.resource!.google_kms_crypto_key_iam_member!).find((name) => name.includes('artifactregistry'))!;
    for (const repository of repositories) {
      expect(repository.kms_key_name).toBe(refTo(stack, 'google_kms_crypto_key', 'id'));
      expect(repository.depends_on).toContain(`google_kms_crypto_key_iam_member.${agentGrant}`);
    }
  });

  it('deletes untagged images after 7 days for real (no dry run) and always keeps the 10 newest versions', () => {
    for (const repository of repositories) {
      expect(repository.cleanup_policy_dry_run).toBe(false);
      expect(repository.cleanup_policies).toEqual([
        { id: 'delete-untagged', action: 'DELETE', condition: { tag_state: 'UNTAGGED', older_than: '604800s' } },
        { id: 'keep-recent-versions', action: 'KEEP', most_recent_versions: { keep_count: 10 } },
      ]);
    }
    const custom = synthGcpStack((s) => registryIn(s, { services: ['tracking'], untaggedImageRetentionDays: 14, keepRecentVersions: 3 }));
    expect(only(custom, 'google_artifact_registry_repository').cleanup_policies).toEqual([
      { id: 'delete-untagged', action: 'DELETE', condition: { tag_state: 'UNTAGGED', older_than: '1209600s' } },
      { id: 'keep-recent-versions', action: 'KEEP', most_recent_versions: { keep_count: 3 } },
    ]);
  });

  it('lets a node pool pull from each repository as reader of that repository, once however often it is asked', () => {
    const pulls = resourcesOf(stack, 'google_artifact_registry_repository_iam_member');
    expect(pulls).toHaveLength(2);
    const names = Object.keys(stack.resource!.google_artifact_registry_repository!);
    expect(pulls.map((pull) => pull.repository).sort()).toEqual(names.map((name) => `\${google_artifact_registry_repository.${name}.name}`).sort());
    for (const pull of pulls) {
      expect(pull.role).toBe('roles/artifactregistry.reader');
      expect(pull.member).toBe(`serviceAccount:${refTo(stack, 'google_service_account', 'email')}`);
    }
    expect(resourcesOf(stack, 'google_project_iam_member')).toHaveLength(0);
  });

  it('refuses no services, a repeated service, and ids Artifact Registry would refuse, naming the service', () => {
    expect(() => synthGcpStack((s) => registryIn(s, { services: [] }))).toThrow('ArtifactRegistry test/Registry: services must name at least one repository');
    expect(() => synthGcpStack((s) => registryIn(s, { services: ['tracking', 'tracking'] }))).toThrow('services names "tracking" twice');
    expect(() => synthGcpStack((s) => registryIn(s, { services: ['Tracking'] }))).toThrow(
      'ArtifactRegistry test/Registry: service "Tracking" makes the repository id "acme-dev-Tracking", which Artifact Registry refuses: namePrefix and service must give at most 63 lower-case letters',
    );
    expect(() => synthGcpStack((s) => registryIn(s, { services: ['x'.repeat(60)] }))).toThrow('which Artifact Registry refuses');
    expect(() => synthGcpStack((s) => registryIn(s, { services: ['tracking-'] }))).toThrow('which Artifact Registry refuses');
  });

  it('refuses retention values that are not whole and positive', () => {
    expect(() => synthGcpStack((s) => registryIn(s, { untaggedImageRetentionDays: 0 }))).toThrow('untaggedImageRetentionDays must be a whole number of days, at least 1, got 0');
    expect(() => synthGcpStack((s) => registryIn(s, { keepRecentVersions: 2.5 }))).toThrow('keepRecentVersions must be a whole number, at least 1, got 2.5');
  });

  it('refuses to grant a pull to a grantee of another kit', () => {
    expect(() => synthGcpStack((s) => registryIn(s).grantPull({ cloud: 'aws', description: 'node pool system' }))).toThrow(
      'test/Registry cannot grant access to node pool system: it was made by the "aws" kit, not by the GCP kit',
    );
  });
  it('passes the GCP rule pack (repositories and their grants) with nothing found and nothing undecided', () => {
    expect(gcpPackFindings(stack, 'Registry')).toEqual([]);
  });
});

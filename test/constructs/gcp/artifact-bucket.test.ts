import type { TerraformStack } from 'cdktf';
import { GcsArtifactBucket, type GcsArtifactBucketProps } from '../../../constructs/gcp/artifact-bucket';
import { only, refTo, resourcesOf, synthGcpStack } from '../../support/construct-synth';
import { gcpPackFindings, TEST_PROJECT, TEST_REGION, testFoundation, testGrantee } from './support';

function bucketIn(stack: TerraformStack, props: Partial<GcsArtifactBucketProps> = {}): GcsArtifactBucket {
  const { services, key } = testFoundation(stack);
  return new GcsArtifactBucket(stack, 'Artifacts', {
    project: TEST_PROJECT,
    region: TEST_REGION,
    namePrefix: 'acme-dev',
    key,
    services,
    noncurrentTransitionDays: 30,
    noncurrentExpirationDays: 365,
    forceDestroy: false,
    labels: {},
    ...props,
  });
}

describe('GcsArtifactBucket', () => {
  let made!: GcsArtifactBucket;
  const stack = synthGcpStack((s) => {
    made = bucketIn(s);
    const tracking = testGrantee(s, 'tracking');
    const inference = testGrantee(s, 'inference');
    const admin = testGrantee(s, 'admin');
    made.grantReadWrite(tracking.grantee, 'tracking/');
    made.grantRead(inference.grantee, 'models/');
    made.grantRead(inference.grantee, 'models/');
    made.grantRead(admin.grantee);
  });
  const bucket = only(stack, 'google_storage_bucket');
  const grants = resourcesOf(stack, 'google_storage_bucket_iam_member');
  const grantTo = (account: string, role: string) =>
    grants.filter((grant) => grant.member === `serviceAccount:\${google_service_account.${Object.keys(stack.resource!.google_service_account!).find((name) => name.includes(account))}.email}` && grant.role === role);

  it('names the bucket from the prefix and a hash of the project: the same on every synth, different in another project', () => {
    expect(bucket.name).toMatch(/^acme-dev-artifacts-[0-9a-f]{8}$/);
    expect(made.uri).toBe(`gs://${bucket.name}`);
    const other = synthGcpStack((s) => bucketIn(s, { project: 'acme-ml-prod' }));
    expect(only(other, 'google_storage_bucket').name).not.toBe(bucket.name);
    expect(only(synthGcpStack((s) => bucketIn(s)), 'google_storage_bucket').name).toBe(bucket.name);
  });

  it('leaves IAM as the only gate and refuses public grants', () => {
    expect(bucket.uniform_bucket_level_access).toBe(true);
    expect(bucket.public_access_prevention).toBe('enforced');
    expect(bucket.location).toBe(TEST_REGION);
    expect(grants.map((grant) => grant.member)).not.toContain('allUsers');
  });

  it('encrypts with the environment key once the storage service agent may use it', () => {
    expect(bucket.encryption.default_kms_key_name).toBe(refTo(stack, 'google_kms_crypto_key', 'id'));
    const agentGrant = Object.entries(stack.resource!.google_kms_crypto_key_iam_member!).find(([name]) => name.includes('storage'))![0];
    expect(bucket.depends_on).toContain(`google_kms_crypto_key_iam_member.${agentGrant}`);
    expect(bucket.depends_on.some((dependency: string) => dependency.startsWith('google_project_service.'))).toBe(true);
    expect(resourcesOf(stack, 'google_project_service').map((service) => service.service)).toContain('storage.googleapis.com');
  });

  it('keeps versions, tiers replaced ones to NEARLINE, deletes them later, and aborts stale multipart uploads', () => {
    expect(bucket.versioning.enabled).toBe(true);
    expect(bucket.lifecycle_rule).toEqual([
      { action: { type: 'SetStorageClass', storage_class: 'NEARLINE' }, condition: { days_since_noncurrent_time: 30, with_state: 'ARCHIVED' } },
      { action: { type: 'Delete' }, condition: { days_since_noncurrent_time: 365, with_state: 'ARCHIVED' } },
      { action: { type: 'AbortIncompleteMultipartUpload' }, condition: { age: 7 } },
    ]);
  });

  it('logs every object read and write with Cloud Audit Logs', () => {
    const audit = only(stack, 'google_project_iam_audit_config');
    expect(audit).toMatchObject({ project: TEST_PROJECT, service: 'storage.googleapis.com' });
    expect(audit.audit_log_config.map((config: { log_type: string }) => config.log_type).sort()).toEqual(['DATA_READ', 'DATA_WRITE']);
  });

  it('keeps the bucket on destroy unless told otherwise', () => {
    expect(bucket.force_destroy).toBe(false);
    expect(only(synthGcpStack((s) => bucketIn(s, { forceDestroy: true })), 'google_storage_bucket').force_destroy).toBe(true);
  });

  it('grants read-write under a prefix as objectUser on the bucket, conditioned to the objects and lists of that prefix', () => {
    const [grant] = grantTo('tracking', 'roles/storage.objectUser');
    expect(grant!.bucket).toBe(refTo(stack, 'google_storage_bucket', 'name'));
    expect(grant!.condition.expression).toBe(
      `resource.name.startsWith("projects/_/buckets/${bucket.name}/objects/tracking/") || ` +
        'api.getAttribute("storage.googleapis.com/objectListPrefix", "").startsWith("tracking/")',
    );
    expect(grantTo('tracking', 'roles/storage.objectViewer')).toHaveLength(0);
  });

  it('grants read under a prefix as objectViewer, once however often it is asked', () => {
    const read = grantTo('inference', 'roles/storage.objectViewer');
    expect(read).toHaveLength(1);
    expect(read[0]!.condition.expression).toContain(`"projects/_/buckets/${bucket.name}/objects/models/"`);
    expect(grantTo('inference', 'roles/storage.objectUser')).toHaveLength(0);
  });

  it('grants the whole bucket without a condition only when no prefix is given', () => {
    const [grant] = grantTo('admin', 'roles/storage.objectViewer');
    expect(grant!.condition).toBeUndefined();
    expect(grants.filter((candidate) => candidate.condition === undefined)).toHaveLength(1);
  });

  it('grants no project-wide storage role and no key access: GCS decrypts through its own service agent', () => {
    expect(resourcesOf(stack, 'google_project_iam_member')).toHaveLength(0);
    expect(resourcesOf(stack, 'google_kms_crypto_key_iam_member').every((grant) => !String(grant.member).includes('google_service_account'))).toBe(true);
  });

  it.each([
    ['/tracking/', 'no leading "/"'],
    ['tracking', 'ending in "/"'],
    ['tracking/*', 'no wildcards'],
    ['a"b/', 'letters, digits'],
  ])('refuses prefix %j, naming the bucket and what is valid', (prefix, expected) => {
    expect(() =>
      synthGcpStack((s) => {
        const store = bucketIn(s);
        store.grantRead(testGrantee(s, 'tracking').grantee, prefix);
      }),
    ).toThrow(new RegExp(`test/Artifacts: prefix ".*" must be .*${expected.replace(/[()"*/]/g, '.')}`));
  });

  it('refuses an expiry before the transition, and days that are not whole and positive', () => {
    expect(() => synthGcpStack((s) => bucketIn(s, { noncurrentTransitionDays: 60, noncurrentExpirationDays: 30 }))).toThrow(
      'GcsArtifactBucket test/Artifacts: noncurrentExpirationDays (30) must be a whole number of days greater than noncurrentTransitionDays (60)',
    );
    expect(() => synthGcpStack((s) => bucketIn(s, { noncurrentTransitionDays: 0 }))).toThrow('noncurrentTransitionDays must be a whole number of days, at least 1, got 0');
    expect(() => synthGcpStack((s) => bucketIn(s, { noncurrentTransitionDays: 1.5 }))).toThrow('got 1.5');
  });

  it('refuses a name prefix GCS would refuse, saying what it may be', () => {
    expect(() => synthGcpStack((s) => bucketIn(s, { namePrefix: 'Acme_Dev' }))).toThrow(/namePrefix "Acme_Dev" makes the bucket name "Acme_Dev-artifacts-[0-9a-f]{8}", which GCS refuses: use at most 44 lower-case letters/);
    expect(() => synthGcpStack((s) => bucketIn(s, { namePrefix: 'a'.repeat(45) }))).toThrow('which GCS refuses');
    expect(() => synthGcpStack((s) => bucketIn(s, { namePrefix: 'google-dev' }))).toThrow('without "google"');
    expect(() => synthGcpStack((s) => bucketIn(s, { namePrefix: 'a'.repeat(44) }))).not.toThrow();
  });

  it('refuses a grantee of another kit, naming both sides', () => {
    expect(() =>
      synthGcpStack((s) => {
        bucketIn(s).grantRead({ cloud: 'aws', description: 'workload identity tracking (plinth/tracking)' }, 'tracking/');
      }),
    ).toThrow('test/Artifacts cannot grant access to workload identity tracking (plinth/tracking): it was made by the "aws" kit, not by the GCP kit');
  });
  it('passes the GCP rule pack (bucket and its grants) with nothing found and nothing undecided', () => {
    expect(gcpPackFindings(stack, 'Artifacts')).toEqual([]);
  });
});

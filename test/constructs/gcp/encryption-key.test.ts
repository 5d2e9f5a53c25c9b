import { Construct } from 'constructs';
import { GcpEncryptionKey, type GcpEncryptionKeyProps, type ServiceAgent } from '../../../constructs/gcp/encryption-key';
import { registerGrantee } from '../../../constructs/gcp/grants';
import { ProjectServices } from '../../../constructs/gcp/project-services';
import type { Grantee } from '../../../constructs/kit';
import { only, refTo, resourcesOf, synthGcpStack } from '../../support/construct-synth';

function key(props: Partial<GcpEncryptionKeyProps> = {}, use: (key: GcpEncryptionKey, scope: Construct) => void = () => undefined) {
  return synthGcpStack((s) => {
    const services = new ProjectServices(s, 'Services', { project: 'acme-ml-dev' });
    const made = new GcpEncryptionKey(s, 'Key', { project: 'acme-ml-dev', region: 'europe-west4', name: 'acme-dev', services, deletionProtection: true, ...props });
    use(made, s);
  });
}

function build(props: Partial<GcpEncryptionKeyProps>): () => void {
  return () => key(props);
}

const ROLE = 'roles/cloudkms.cryptoKeyEncrypterDecrypter';

describe('GcpEncryptionKey', () => {
  const stack = key();
  const cryptoKey = only(stack, 'google_kms_crypto_key');

  it('makes key ring <name> and key <name>-data in the region, after enabling Cloud KMS', () => {
    const ring = only(stack, 'google_kms_key_ring');
    expect([ring.name, ring.location, ring.project]).toEqual(['acme-dev', 'europe-west4', 'acme-ml-dev']);
    expect(ring.depends_on).toEqual([expect.stringMatching(/^google_project_service\.Services_cloudkms_/)]);
    expect(only(stack, 'google_project_service').service).toBe('cloudkms.googleapis.com');
    expect(cryptoKey.name).toBe('acme-dev-data');
    expect(cryptoKey.key_ring).toBe(refTo(stack, 'google_kms_key_ring', 'id'));
  });

  it('is a symmetric key in software that rotates every 90 days', () => {
    expect(cryptoKey.purpose).toBe('ENCRYPT_DECRYPT');
    expect(cryptoKey.rotation_period).toBe('7776000s');
    expect(cryptoKey.version_template).toEqual({ algorithm: 'GOOGLE_SYMMETRIC_ENCRYPTION', protection_level: 'SOFTWARE' });
    expect(only(key({ protectionLevel: 'HSM' }), 'google_kms_crypto_key').version_template.protection_level).toBe('HSM');
  });

  it('cannot be destroyed under deletion protection, and keeps destroyed versions for 30 days otherwise', () => {
    expect(cryptoKey.lifecycle).toEqual({ prevent_destroy: true });
    expect(cryptoKey.destroy_scheduled_duration).toBe('2592000s');
    const unprotected = only(key({ deletionProtection: false }), 'google_kms_crypto_key');
    expect(unprotected.lifecycle).toBeUndefined();
    expect(unprotected.destroy_scheduled_duration).toBe('2592000s');
    expect(only(key({ destroyScheduledDays: 7 }), 'google_kms_crypto_key').destroy_scheduled_duration).toBe('604800s');
  });

  it('refuses a destroy schedule Cloud KMS does not allow', () => {
    expect(build({ destroyScheduledDays: 0 })).toThrow('GcpEncryptionKey test/Key: destroyScheduledDays must be a whole number of days from 1 to 120');
    expect(build({ destroyScheduledDays: 121 })).toThrow('got 121');
  });

  it("grants a grantee encrypt/decrypt on this key only, to its service account, once however often it is asked", () => {
    const grantee: Grantee = { cloud: 'gcp', description: 'workload identity tracking (plinth/tracking)' };
    const granted = key({}, (k, scope) => {
      registerGrantee(grantee, 'tracking@acme-ml-dev.iam.gserviceaccount.com', scope);
      k.grantEncryptDecrypt(grantee);
      k.grantEncryptDecrypt(grantee);
    });
    const member = only(granted, 'google_kms_crypto_key_iam_member');
    expect(member).toMatchObject({ crypto_key_id: refTo(granted, 'google_kms_crypto_key', 'id'), role: ROLE, member: 'serviceAccount:tracking@acme-ml-dev.iam.gserviceaccount.com' });
    expect(resourcesOf(granted, 'google_kms_crypto_key_iam_binding')).toHaveLength(0);
    expect(resourcesOf(granted, 'google_kms_crypto_key_iam_policy')).toHaveLength(0);
  });

  it('refuses to grant to an identity of another kit, naming both', () => {
    const foreign: Grantee = { cloud: 'aws', description: 'workload identity tracking (plinth/tracking)' };
    expect(() => key({}, (k) => k.grantEncryptDecrypt(foreign))).toThrow(/test\/Key cannot grant access to workload identity tracking \(plinth\/tracking\): it was made by the "aws" kit/);
  });

  describe('service agents', () => {
    const agents: ServiceAgent[] = ['storage', 'cloudsql', 'artifactregistry', 'container', 'compute', 'redis', 'secretmanager'];
    const returned: unknown[] = [];
    const granted = key({}, (k) => {
      for (const agent of agents) returned.push(k.grantServiceAgent(agent));
      returned.push(k.grantServiceAgent('cloudsql'));
    });
    const members = resourcesOf(granted, 'google_kms_crypto_key_iam_member');
    const number = /\$\{data\.google_project\.Key_Project_[0-9A-F]+\.number\}/.source;

    it('grants each agent encrypt/decrypt on the key once, returning the same grant to depend on', () => {
      expect(members).toHaveLength(agents.length);
      expect(members.every((m) => m.role === ROLE && m.crypto_key_id === refTo(granted, 'google_kms_crypto_key', 'id'))).toBe(true);
      expect(returned[agents.length]).toBe(returned[agents.indexOf('cloudsql')]);
    });

    it("resolves the storage agent through the GA data source, which also creates it", () => {
      const storage = Object.values(granted.data?.google_storage_project_service_account ?? {}) as Record<string, any>[];
      expect(storage).toHaveLength(1);
      expect(storage[0]!.project).toBe('acme-ml-dev');
      expect(members.some((m) => /^\$\{data\.google_storage_project_service_account\.Key_StorageAgent_[0-9A-F]+\.member\}$/.test(m.member))).toBe(true);
    });

    it.each([
      ['cloudsql', 'gcp-sa-cloud-sql', 'sqladmin'],
      ['artifactregistry', 'gcp-sa-artifactregistry', 'artifactregistry'],
      ['container', 'container-engine-robot', 'container'],
      ['compute', 'compute-system', 'compute'],
      ['redis', 'cloud-redis', 'redis'],
      ['secretmanager', 'gcp-sa-secretmanager', 'secretmanager'],
    ])('grants the %s agent service-<project number>@%s.iam.gserviceaccount.com after enabling its API', (_agent, domain, api) => {
      const member = members.find((m) => new RegExp(`^serviceAccount:service-${number}@${domain}\\.iam\\.gserviceaccount\\.com$`).test(m.member));
      expect(member).toBeDefined();
      expect(member!.depends_on).toEqual([expect.stringMatching(new RegExp(`^google_project_service\\.Services_${api}_`))]);
      expect(resourcesOf(granted, 'google_project_service').map((s) => s.service)).toContain(`${api}.googleapis.com`);
    });

    it('looks the project number up once, by project id', () => {
      const projects = Object.values(granted.data?.google_project ?? {}) as Record<string, any>[];
      expect(projects.map((p) => p.project_id)).toEqual(['acme-ml-dev']);
    });

    it('refuses an agent it does not know, listing the ones it does', () => {
      expect(() => key({}, (k) => k.grantServiceAgent('bigquery' as ServiceAgent))).toThrow(
        'GcpEncryptionKey test/Key: grantServiceAgent("bigquery") names no known service agent; expected one of storage, cloudsql, artifactregistry, container, compute, redis, secretmanager',
      );
    });
  });
});

import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { writePreviewRecord, type PreviewRecord } from '../../../core/config/previews';
import { EXIT_UNAVAILABLE, UserFacingError } from '../../../core/exit-codes';
import { CLOUD_ASSET_ENDPOINT_VARIABLE, findExpiringGcpEnvironments, gcpResourcesOfEnvironment } from '../../../stacks/delivery/gcp-labelled-resources';
import { leftoverReason } from '../../../stacks/delivery/leftovers';
import type { GcpLocation } from '../../../stacks/delivery/tagged-environments';
import { runPlinth } from '../../support/plinth-cli';
import { REPO_ROOT } from '../../support/synth';
import { startStandInCloudAssetInventory, type StandInCloudAssetInventory, type StandInResource } from './stand-in-cloud-asset-inventory';

const DEV: GcpLocation = { cloud: 'gcp', project: 'acme-ml-dev' };

/** A resource with the labels Plinth's tags become on GCP (keys mapped, values lower-case), as the provider's default labels put them. */
function labelled(name: string, platform: string, environment: string, extra: Record<string, string> = {}): StandInResource {
  return { name, labels: { platform, environment, plinth_environment: `${platform}-${environment}`, 'managed-by': 'plinth', goog_terraform_provisioned: 'true', ...extra } };
}

/** The orphan preview pr-8 (its record lost), expired on 30 November. */
const PR_8_LABELS = { 'plinth_expires-at': '20261130t120000z', 'plinth_preview-of': 'dev' };
const PR_8_KEY = '//cloudkms.googleapis.com/projects/acme-ml-dev/locations/europe-west4/keyRings/acme-ml-pr-8/cryptoKeys/acme-ml-pr-8-data';
const PR_8 = [
  labelled('//storage.googleapis.com/acme-ml-pr-8-artifacts', 'acme-ml', 'pr-8', PR_8_LABELS),
  labelled('//container.googleapis.com/projects/acme-ml-dev/locations/europe-west4/clusters/acme-ml-pr-8', 'acme-ml', 'pr-8', PR_8_LABELS),
  labelled('//sqladmin.googleapis.com/projects/acme-ml-dev/instances/acme-ml-pr-8-metadata', 'acme-ml', 'pr-8', PR_8_LABELS),
  labelled(PR_8_KEY, 'acme-ml', 'pr-8', PR_8_LABELS),
];
/** The recorded preview pr-9, expiring on 5 December. */
const PR_9 = [labelled('//storage.googleapis.com/acme-ml-pr-9-artifacts', 'acme-ml', 'pr-9', { 'plinth_expires-at': '20261205t120000z', 'plinth_preview-of': 'dev' })];
/** What the search's word matching also returns and the client must drop: dev itself (no expiry), another platform whose name shares words, a preview whose name starts with pr-8's. */
const OTHERS = [
  labelled('//storage.googleapis.com/acme-ml-dev-artifacts', 'acme-ml', 'dev'),
  labelled('//storage.googleapis.com/acme-ml-2-pr-3-artifacts', 'acme-ml-2', 'pr-3', { 'plinth_expires-at': '20261101t000000z', 'plinth_preview-of': 'dev' }),
  labelled('//storage.googleapis.com/acme-ml-pr-8-b-artifacts', 'acme-ml', 'pr-8-b', { 'plinth_expires-at': '20261201t000000z', 'plinth_preview-of': 'dev' }),
];

describe('GCP labels through Cloud Asset Inventory (a stand-in for Cloud Asset Inventory: no GCP here)', () => {
  let standIn: StandInCloudAssetInventory;
  beforeEach(async () => {
    standIn = await startStandInCloudAssetInventory({ 'acme-ml-dev': [...PR_8, ...OTHERS, ...PR_9] });
  });
  afterEach(() => standIn.stop());
  const access = () => ({ auth: standIn.auth, endpoint: standIn.endpoint });

  it('finds every expiring environment of the platform by its labels: expiry read from the lower-case label, source, full resource names', async () => {
    const found = await findExpiringGcpEnvironments(DEV, 'acme-ml', access());
    expect(found).toEqual([
      { environment: 'pr-8', expiresAt: new Date('2026-11-30T12:00:00Z'), previewOf: 'dev', resources: PR_8.map((resource) => resource.name) },
      { environment: 'pr-8-b', expiresAt: new Date('2026-12-01T00:00:00Z'), previewOf: 'dev', resources: ['//storage.googleapis.com/acme-ml-pr-8-b-artifacts'] },
      { environment: 'pr-9', expiresAt: new Date('2026-12-05T12:00:00Z'), previewOf: 'dev', resources: PR_9.map((resource) => resource.name) },
    ]);
  });

  it('asks searchAllResources of the project, with a label query, a bearer token from the credentials, and follows every page', async () => {
    await findExpiringGcpEnvironments(DEV, 'acme-ml', access());
    // 7 resources of the platform's words (acme-ml-2 shares them), 2 a page here: 4 pages, each with the same query.
    expect(standIn.searches.map((search) => search.project)).toEqual(['acme-ml-dev', 'acme-ml-dev', 'acme-ml-dev', 'acme-ml-dev']);
    expect(standIn.searches.map((search) => search.params.query)).toEqual(Array(4).fill('labels.platform:"acme-ml"'));
    expect(standIn.searches[0]!.params).toEqual({ query: 'labels.platform:"acme-ml"', pageSize: '500', readMask: 'name,labels' });
    expect(standIn.searches.slice(1).every((search) => typeof search.params.pageToken === 'string')).toBe(true);
    expect(standIn.searches.every((search) => search.authorization === 'Bearer stand-in-deploy-account-token')).toBe(true);
  });

  it('lists what is still labelled as one environment, exactly that one (not pr-8-b, whose label shares its words)', async () => {
    const left = await gcpResourcesOfEnvironment(DEV, 'acme-ml', 'pr-8', access(), []);
    expect(left).toEqual(PR_8.map((resource) => resource.name).sort());
    expect(standIn.searches[0]!.params.query).toBe('labels.plinth_environment:"acme-ml-pr-8"');
  });

  it('after a destroy, asks again while the index still lists what was deleted, and stops once only the undeletable KMS key is left', async () => {
    standIn.onSearch = (count) => {
      if (count === 4) standIn.projects['acme-ml-dev'] = [PR_8[3]!, ...OTHERS];
    };
    const left = await gcpResourcesOfEnvironment(DEV, 'acme-ml', 'pr-8', access(), [5, 5, 5, 5]);
    expect(left).toEqual([PR_8_KEY]);
    // Pages of 2: three searches for the first listing (pr-8's 4 resources and pr-8-b's, which shares its words), one after the first pause, and it stops.
    expect(standIn.searches).toHaveLength(4);
    expect(leftoverReason(PR_8_KEY, false)).toMatch(/^never deleted by GCP: Cloud KMS cannot delete key rings and keys/);
  });

  it('a 403 names the permission, the role and the API to enable; nothing is guessed', async () => {
    standIn.refused.add('acme-ml-dev');
    const failure = await findExpiringGcpEnvironments(DEV, 'acme-ml', access()).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(UserFacingError);
    expect((failure as UserFacingError).exitCode).toBe(EXIT_UNAVAILABLE);
    expect((failure as Error).message).toBe(
      "cannot search the labels of project acme-ml-dev with Cloud Asset Inventory (PERMISSION_DENIED: Permission 'cloudasset.assets.searchAllResources' denied on resource " +
        "'//cloudresourcemanager.googleapis.com/projects/acme-ml-dev' (or it may not exist).): the identity needs cloudasset.assets.searchAllResources on the project " +
        '(role roles/cloudasset.viewer), and the project the API cloudasset.googleapis.com enabled (every Plinth foundation enables it; else `gcloud services enable cloudasset.googleapis.com --project acme-ml-dev`)',
    );
  });

  it('an endpoint override that is not a URL is refused, naming the variable', async () => {
    await expect(findExpiringGcpEnvironments(DEV, 'acme-ml', { auth: standIn.auth, endpoint: 'cloudasset.internal' })).rejects.toThrow(
      `${CLOUD_ASSET_ENDPOINT_VARIABLE}=cloudasset.internal: not an http(s) URL; give Cloud Asset Inventory's base URL, such as https://cloudasset.googleapis.com`,
    );
  });
});

describe('what is still listed after a destroy, on GCP', () => {
  it('Cloud KMS key rings and keys (never deletable) are explained by their full resource names; anything else is not', () => {
    expect(leftoverReason('//cloudkms.googleapis.com/projects/acme-ml-dev/locations/europe-west4/keyRings/acme-ml-pr-8', false)).toMatch(/^never deleted by GCP/);
    expect(leftoverReason(PR_8_KEY, false)).toMatch(/^never deleted by GCP/);
    expect(leftoverReason('//storage.googleapis.com/acme-ml-pr-8-artifacts', false)).toBeUndefined();
    expect(leftoverReason('//storage.googleapis.com/keyRings/acme-ml-pr-8', false)).toBeUndefined();
    expect(leftoverReason('arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab', false)).toMatch(/^deleted later by AWS/);
  });
});

describe('plinth janitor --dry-run on GCP as a whole process (a stand-in for Cloud Asset Inventory: no GCP here)', () => {
  let standIn: StandInCloudAssetInventory;
  let folder: string;
  const record: PreviewRecord = { name: 'pr-9', from: 'dev', createdAt: '2026-12-02T12:00:00.000Z', expiresAt: '2026-12-05T12:00:00.000Z' };
  beforeAll(async () => {
    // dev's own resources and another platform's preview are in the project too.
    standIn = await startStandInCloudAssetInventory({ 'acme-ml-dev': [...PR_8, ...PR_9, OTHERS[0]!, OTHERS[1]!] });
    folder = mkdtempSync(path.join(tmpdir(), 'plinth-janitor-gcp-'));
    copyFileSync(path.join(REPO_ROOT, 'examples', 'startup-gcp.yaml'), path.join(folder, 'platform.yaml'));
    writePreviewRecord(folder, record);
  });
  afterAll(() => standIn.stop());

  /** CI's credentials (an external_account file) and the stand-in's endpoint; no gcloud login or metadata server to fall back on. */
  const janitor = (at: string) =>
    runPlinth(['janitor', '--dry-run', '--format', 'json', '--at', at, '--config', path.join(folder, 'platform.yaml')], {
      cwd: folder,
      env: { GOOGLE_APPLICATION_CREDENTIALS: standIn.credentialsFile, [CLOUD_ASSET_ENDPOINT_VARIABLE]: standIn.endpoint, CLOUDSDK_CONFIG: '/nonexistent/plinth-test', METADATA_SERVER_DETECTION: 'none' },
    });

  it('finds the recorded preview and the orphan by its labels in every environment’s project, and says what each run would do', async () => {
    const before = await janitor('2026-12-01T12:00:00Z');
    expect({ code: before.code, stderr: before.stderr, stdout: before.code === 0 ? '' : before.stdout }).toEqual({ code: 0, stderr: '', stdout: '' });
    const early = JSON.parse(before.stdout) as { searched: string[]; unsearched: unknown[]; entries: { environment: string; status: string; foundBy: string[]; expiresAt: string }[] };
    expect(early.searched).toEqual(['project acme-ml-dev', 'project acme-ml-prod']);
    expect(early.unsearched).toEqual([]);
    expect(early.entries.map(({ environment, status, foundBy, expiresAt }) => ({ environment, status, foundBy, expiresAt }))).toEqual([
      { environment: 'pr-8', status: 'would destroy', foundBy: ['tags'], expiresAt: '2026-11-30T12:00:00.000Z' },
      { environment: 'pr-9', status: 'kept', foundBy: ['record', 'tags'], expiresAt: '2026-12-05T12:00:00.000Z' },
    ]);

    const later = JSON.parse((await janitor('2026-12-06T00:00:00Z')).stdout) as typeof early;
    expect(later.entries.map(({ environment, status }) => ({ environment, status }))).toEqual([
      { environment: 'pr-8', status: 'would destroy' },
      { environment: 'pr-9', status: 'would destroy' },
    ]);
    // A dry run changes nothing: the record is as written.
    expect(JSON.parse(readFileSync(path.join(folder, '.plinth', 'previews', 'pr-9.json'), 'utf8'))).toEqual(record);
    expect(new Set(standIn.searches.map((search) => search.authorization))).toEqual(new Set(['Bearer stand-in-deploy-account-token']));
  });

  it('without Google credentials it cannot search, says what to run and what the identity needs, and fails the run', async () => {
    const run = await runPlinth(['janitor', '--dry-run', '--env', 'dev', '--config', path.join(folder, 'platform.yaml')], {
      cwd: folder,
      env: { GOOGLE_APPLICATION_CREDENTIALS: '', [CLOUD_ASSET_ENDPOINT_VARIABLE]: standIn.endpoint, CLOUDSDK_CONFIG: '/nonexistent/plinth-test', METADATA_SERVER_DETECTION: 'none' },
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /COULD NOT SEARCH project acme-ml-dev: cannot search the labels of project acme-ml-dev with Cloud Asset Inventory: no Google credentials \(Application Default Credentials\): run `gcloud auth application-default login` .*roles\/cloudasset\.viewer/,
    );
    expect(run.stdout).toMatch(/pr-9: kept \(expires 2026-12-05T12:00:00\.000Z; found by record\)/);
  });
});

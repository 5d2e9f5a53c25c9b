import type { GoogleAuth } from 'google-auth-library';
import { EXPIRES_AT_TAG, PREVIEW_OF_TAG } from '../../core/config/expiry';
import { labelKeyOf } from '../../core/config/gcp-labels';
import { EXIT_UNAVAILABLE, UserFacingError } from '../../core/exit-codes';
import { COST_TAG_KEY } from '../environment';
import { groupExpiringEnvironments } from './expiring-environments';
import { anyStillExists } from './leftovers';
import type { GcpLocation, TaggedEnvironment } from './tagged-environments';

/**
 * The GCP side of tagged-environments.ts: Plinth's tags are labels on GCP (core/config/gcp-labels.ts: keys mapped,
 * values lower-case), found with Cloud Asset Inventory's `searchAllResources` over one project, through its REST API
 * and Google's auth library with Application Default Credentials (a `gcloud auth application-default login`, or
 * Workload Identity Federation in CI). The caller needs `cloudasset.assets.searchAllResources` on the project
 * (`roles/cloudasset.viewer`) and the project the API `cloudasset.googleapis.com`, which every foundation enables.
 */

/** Where Cloud Asset Inventory's REST API is reached instead of Google's public endpoint (a private endpoint). */
export const CLOUD_ASSET_ENDPOINT_VARIABLE = 'PLINTH_GCP_CLOUD_ASSET_ENDPOINT';
const PUBLIC_ENDPOINT = 'https://cloudasset.googleapis.com';
const PERMISSION = 'cloudasset.assets.searchAllResources';
const ROLE = 'roles/cloudasset.viewer';
const API = 'cloudasset.googleapis.com';
/** The largest page the API returns. */
const PAGE_SIZE = 500;

const LABEL = {
  platform: labelKeyOf('platform'),
  environment: labelKeyOf('environment'),
  expiresAt: labelKeyOf(EXPIRES_AT_TAG),
  previewOf: labelKeyOf(PREVIEW_OF_TAG),
  cost: labelKeyOf(COST_TAG_KEY),
};

/** How Cloud Asset Inventory is reached; a test passes a stand-in's. */
export interface CloudAssetAccess {
  /** Makes the authenticated requests. @default - GoogleAuth with Application Default Credentials, scope cloud-platform */
  readonly auth?: Pick<GoogleAuth, 'request'>;
  /** The REST API's base URL. @default - $PLINTH_GCP_CLOUD_ASSET_ENDPOINT, else https://cloudasset.googleapis.com */
  readonly endpoint?: string;
}

interface SearchResult {
  readonly name?: string;
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * Every environment of `platform` with resources labelled `plinth_expires-at` in the project, found by the labels
 * alone: an environment whose record was lost is still found.
 */
export async function findExpiringGcpEnvironments(location: GcpLocation, platform: string, access: CloudAssetAccess = {}): Promise<TaggedEnvironment[]> {
  const found = await labelledResources(location, LABEL.platform, platform.toLowerCase(), access);
  return groupExpiringEnvironments(
    found
      .filter((result) => result.labels?.[LABEL.expiresAt] !== undefined)
      .map((result) => ({ name: result.name!, environment: result.labels?.[LABEL.environment], expiresAt: result.labels?.[LABEL.expiresAt], previewOf: result.labels?.[LABEL.previewOf] })),
  );
}

/**
 * Pauses between searches while resources just destroyed may still be listed: Cloud Asset Inventory's search index
 * follows changes by minutes, so right after a destroy it still lists most of the environment. About 4 minutes in all.
 */
export const INDEX_LAG_WAITS_MS: readonly number[] = [15_000, 30_000, 45_000, 60_000, 90_000];

/**
 * Full resource names of every resource still labelled as this environment's (`plinth_environment=<platform>-<env>`).
 * Asked after a destroy: while anything listed is not explained by leftovers.ts, it asks again after each of
 * `waitsMs`, so that a resource is reported left behind only once the index had time to see its deletion.
 */
export async function gcpResourcesOfEnvironment(
  location: GcpLocation,
  platform: string,
  environment: string,
  access: CloudAssetAccess = {},
  waitsMs: readonly number[] = INDEX_LAG_WAITS_MS,
): Promise<string[]> {
  const search = async () => (await labelledResources(location, LABEL.cost, `${platform}-${environment}`.toLowerCase(), access)).map((result) => result.name!).sort();
  let names = await search();
  for (const wait of waitsMs) {
    if (!anyStillExists(names, false)) break;
    await new Promise((resolve) => setTimeout(resolve, wait));
    names = await search();
  }
  return names;
}

/**
 * Resources of the project whose label `key` is exactly `value`. The query narrows the search, the client decides:
 * `:` matches the value's words in order (`acme-ml-pr-8` would also match `acme-ml-pr-8-x`), and the query names
 * only label keys without `-` (the documented examples show none, so `plinth_expires-at` is checked here instead:
 * a query Google refused would stop every janitor run).
 */
async function labelledResources(location: GcpLocation, key: string, value: string, access: CloudAssetAccess): Promise<SearchResult[]> {
  const auth = access.auth ?? defaultAuth(location.project);
  const endpoint = cloudAssetEndpoint(access.endpoint);
  const query = `labels.${key}:"${value}"`;
  const found: SearchResult[] = [];
  let pageToken: string | undefined;
  do {
    const params = new URLSearchParams({ query, pageSize: String(PAGE_SIZE), readMask: 'name,labels', ...(pageToken ? { pageToken } : {}) });
    let page: { results?: SearchResult[]; nextPageToken?: string } | undefined;
    try {
      const response = await auth.request<{ results?: SearchResult[]; nextPageToken?: string }>({
        url: `${endpoint}/v1/projects/${encodeURIComponent(location.project)}:searchAllResources?${params}`,
        method: 'GET',
        timeout: 30_000,
      });
      page = response.data;
    } catch (error) {
      throw explainSearchFailure(error, location.project, endpoint);
    }
    found.push(...(page?.results ?? []).filter((result) => typeof result.name === 'string' && result.labels?.[key] === value));
    pageToken = page?.nextPageToken || undefined;
  } while (pageToken);
  return found;
}

function cloudAssetEndpoint(given: string | undefined): string {
  const configured = given ?? process.env[CLOUD_ASSET_ENDPOINT_VARIABLE];
  if (configured === undefined || configured === '') return PUBLIC_ENDPOINT;
  let url: URL | undefined;
  try {
    url = new URL(configured);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw new UserFacingError(`${CLOUD_ASSET_ENDPOINT_VARIABLE}=${configured}: not an http(s) URL; give Cloud Asset Inventory's base URL, such as ${PUBLIC_ENDPOINT}`);
  }
  return configured.replace(/\/+$/, '');
}

function defaultAuth(project: string): Pick<GoogleAuth, 'request'> {
  // Loaded here, so that AWS runs never load Google's auth library.
  const { GoogleAuth } = require('google-auth-library') as typeof import('google-auth-library');
  // The project is known: without it, Workload Identity Federation credentials look their project up first (Resource Manager).
  return new GoogleAuth({ scopes: 'https://www.googleapis.com/auth/cloud-platform', projectId: project });
}

/** Network errors reaching the endpoint or Google's token endpoints. */
const UNREACHABLE = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH']);

/** One line per way the search fails, in words that say what to fix. */
function explainSearchFailure(error: unknown, project: string, endpoint: string): UserFacingError {
  const { response, code, message, cause } = error as { response?: { status?: number; data?: unknown }; code?: unknown; message?: unknown; cause?: { code?: unknown } };
  const status = response?.status;
  const google = (response?.data as { error?: { status?: unknown; message?: unknown } } | undefined)?.error;
  const reason = typeof google?.message === 'string' ? `${String(google.status ?? status)}: ${firstLine(google.message)}` : `${String(code ?? status ?? 'error')}: ${firstLine(message)}`;
  const what = `cannot search the labels of project ${project} with Cloud Asset Inventory`;
  const needs = `the identity needs ${PERMISSION} on the project (role ${ROLE}), and the project the API ${API} enabled (every Plinth foundation enables it; else \`gcloud services enable ${API} --project ${project}\`)`;
  const options = { cause: error };
  if (status === 403 || status === 401) {
    // Local user credentials without a quota project: Google names it in its message.
    const quota = /quota project/i.test(String(google?.message ?? '')) ? `; with user credentials, set a quota project: \`gcloud auth application-default set-quota-project ${project}\`` : '';
    return new UserFacingError(`${what} (${reason}): ${needs}${quota}`, EXIT_UNAVAILABLE, options);
  }
  if (typeof message === 'string' && message.startsWith('Could not load the default credentials')) {
    return new UserFacingError(
      `${what}: no Google credentials (Application Default Credentials): run \`gcloud auth application-default login\` (in CI, google-github-actions/auth with the deploy account); ${needs}`,
      EXIT_UNAVAILABLE,
      options,
    );
  }
  const network = [code, cause?.code].find((value) => typeof value === 'string' && UNREACHABLE.has(value));
  if (network !== undefined) {
    return new UserFacingError(`${what}: ${endpoint} cannot be reached (${String(network)}); behind a private endpoint, set ${CLOUD_ASSET_ENDPOINT_VARIABLE} to its URL`, EXIT_UNAVAILABLE, options);
  }
  return new UserFacingError(`${what} (${reason}); ${needs}`, EXIT_UNAVAILABLE, options);
}

function firstLine(message: unknown): string {
  return typeof message === 'string' ? message.split('\n')[0]!.slice(0, 300) : '';
}

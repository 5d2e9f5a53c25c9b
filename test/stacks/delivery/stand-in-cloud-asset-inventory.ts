import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { GoogleAuth } from 'google-auth-library';

/** A resource as `searchAllResources` returns it (the fields Plinth reads). */
export interface StandInResource {
  /** Full resource name, `//storage.googleapis.com/acme-ml-pr-8-artifacts`. */
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
}

export interface StandInRequest {
  readonly project: string;
  readonly params: Readonly<Record<string, string>>;
  readonly authorization?: string;
}

export interface StandInCloudAssetInventory {
  /** `http://127.0.0.1:<port>`: the REST base URL in place of https://cloudasset.googleapis.com. */
  readonly endpoint: string;
  /**
   * An Application Default Credentials file as google-github-actions/auth writes it in CI (`external_account`:
   * GitHub's OIDC token exchanged at STS, then the deploy account impersonated), with both token endpoints here.
   */
  readonly credentialsFile: string;
  /** Google's own GoogleAuth over `credentialsFile`: what the CLI builds from GOOGLE_APPLICATION_CREDENTIALS. */
  readonly auth: GoogleAuth;
  /** The resources of each project, read at each request: change them to stand for a later state. */
  readonly projects: Record<string, StandInResource[]>;
  /** Projects whose search is refused with 403 PERMISSION_DENIED, as Google refuses an identity without the role. */
  readonly refused: Set<string>;
  /** Every search request, in order. */
  readonly searches: StandInRequest[];
  /** Called with each search before it is answered (the count includes it): a test changes `projects` here. */
  onSearch?: (count: number) => void;
  stop(): Promise<void>;
}

const GITHUB_TOKEN = 'stand-in-github-oidc-token';
const STS_TOKEN = 'stand-in-federated-token';
const ACCESS_TOKEN = 'stand-in-deploy-account-token';
const DEPLOY_ACCOUNT = 'acme-ml-dev-ci-deploy@acme-ml-dev.iam.gserviceaccount.com';

/** Words as the search compares them: split at anything but letters, digits, `_` and `&`, case folded. */
function words(text: string): string[] {
  return text.toLowerCase().split(/[^a-z0-9_&]+/).filter(Boolean);
}

/** Cloud Asset Inventory's `labels.<key>:<value>` (the words of value, in order and consecutive) and `labels.<key>:*`. */
function matches(resource: StandInResource, query: string): boolean {
  return query.split(/\s+AND\s+|\s+(?=labels\.)/).every((term) => {
    const match = /^labels\.([a-z][a-z0-9_-]*):(?:"([^"]*)"|(\S+))$/.exec(term.trim());
    if (!match) throw new Error(`the stand-in does not understand the query term "${term}"`);
    const value = resource.labels[match[1]!];
    if (value === undefined) return false;
    const wanted = match[2] ?? match[3]!;
    if (wanted === '*') return true;
    const have = words(value);
    const want = words(wanted);
    return have.some((_, start) => want.every((word, index) => have[start + index] === word));
  });
}

async function body(request: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of request) text += String(chunk);
  return text;
}

/**
 * Stands for Cloud Asset Inventory's REST API (v1 `projects/<p>:searchAllResources`) and Google's token endpoints
 * (STS and IAM Credentials) on a loopback port: no GCP here. It answers as Google does: `{results, nextPageToken}`
 * pages of `pageSize` (at most 2 here, to make the client follow pages; a page token is honoured only with the same
 * query), `{"error": {"code", "message", "status"}}` otherwise, and refuses a search without the deploy account's
 * token, so the real google-auth-library's whole credential path is what the tests run.
 */
export async function startStandInCloudAssetInventory(projects: Record<string, StandInResource[]> = {}): Promise<StandInCloudAssetInventory> {
  const searches: StandInRequest[] = [];
  // Assigned once the server listens; its handler reads it (onSearch) only afterwards.
  let standIn: StandInCloudAssetInventory;
  const refused = new Set<string>();
  const server: Server = createServer((request, response) => {
    const reply = (status: number, data: unknown) => response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(data));
    const error = (status: number, code: string, message: string) => reply(status, { error: { code: status, message, status: code } });
    const url = new URL(request.url ?? '/', 'http://stand-in');
    void (async () => {
      if (request.method === 'POST' && url.pathname === '/v1/token') {
        const form = new URLSearchParams(await body(request));
        if (form.get('subject_token') !== GITHUB_TOKEN) return error(400, 'INVALID_ARGUMENT', 'invalid_grant: the subject token is not GitHub’s');
        return reply(200, { access_token: STS_TOKEN, issued_token_type: 'urn:ietf:params:oauth:token-type:access_token', token_type: 'Bearer', expires_in: 3600 });
      }
      if (request.method === 'POST' && url.pathname === `/v1/projects/-/serviceAccounts/${DEPLOY_ACCOUNT}:generateAccessToken`) {
        if (request.headers.authorization !== `Bearer ${STS_TOKEN}`) return error(401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials.');
        return reply(200, { accessToken: ACCESS_TOKEN, expireTime: new Date(Date.now() + 3_600_000).toISOString() });
      }
      const project = /^\/v1\/projects\/([^/:]+):searchAllResources$/.exec(url.pathname)?.[1];
      if (request.method !== 'GET' || project === undefined) return error(404, 'NOT_FOUND', `no such method: ${request.method} ${url.pathname}`);
      const params = Object.fromEntries(url.searchParams.entries());
      searches.push({ project, params, authorization: request.headers.authorization });
      standIn.onSearch?.(searches.length);
      if (request.headers.authorization !== `Bearer ${ACCESS_TOKEN}`) return error(401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials.');
      if (refused.has(project)) {
        return error(403, 'PERMISSION_DENIED', `Permission 'cloudasset.assets.searchAllResources' denied on resource '//cloudresourcemanager.googleapis.com/projects/${project}' (or it may not exist).`);
      }
      const query = params.query ?? '';
      let found: StandInResource[];
      try {
        found = (projects[project] ?? []).filter((resource) => matches(resource, query));
      } catch (problem) {
        return error(400, 'INVALID_ARGUMENT', (problem as Error).message);
      }
      const size = Math.min(Number(params.pageSize) || 2, 2);
      const [tokenQuery, offset] = params.pageToken ? (JSON.parse(Buffer.from(params.pageToken, 'base64url').toString()) as [string, number]) : [query, 0];
      if (tokenQuery !== query) return error(400, 'INVALID_ARGUMENT', 'page_token does not match the request');
      const page = found.slice(offset, offset + size);
      const next = offset + size < found.length ? Buffer.from(JSON.stringify([query, offset + size])).toString('base64url') : undefined;
      return reply(200, { results: page.map((resource) => ({ name: resource.name, assetType: 'stand-in', project: `projects/${project}`, labels: resource.labels })), ...(next ? { nextPageToken: next } : {}) });
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const folder = mkdtempSync(path.join(tmpdir(), 'plinth-stand-in-adc-'));
  const tokenFile = path.join(folder, 'github-oidc-token');
  writeFileSync(tokenFile, GITHUB_TOKEN);
  const credentials = {
    type: 'external_account',
    audience: '//iam.googleapis.com/projects/123456789/locations/global/workloadIdentityPools/acme-ml-dev-github/providers/github',
    subject_token_type: 'urn:ietf:params:oauth:token-type:jwt',
    token_url: `${endpoint}/v1/token`,
    service_account_impersonation_url: `${endpoint}/v1/projects/-/serviceAccounts/${DEPLOY_ACCOUNT}:generateAccessToken`,
    credential_source: { file: tokenFile, format: { type: 'text' } },
  };
  const credentialsFile = path.join(folder, 'application_default_credentials.json');
  writeFileSync(credentialsFile, JSON.stringify(credentials));
  standIn = {
    endpoint,
    credentialsFile,
    auth: new GoogleAuth({ credentials, scopes: 'https://www.googleapis.com/auth/cloud-platform' }),
    projects,
    refused,
    searches,
    stop: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(folder, { recursive: true, force: true });
    },
  };
  return standIn;
}

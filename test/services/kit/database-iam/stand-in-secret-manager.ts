import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GoogleAuth, OAuth2Client } from 'google-auth-library';

/** What a stand-in secret answers to `versions/latest:access`: a value, or Secret Manager's error. */
export type StandInSecret = { readonly value: string } | { readonly status: number; readonly code: string; readonly message: string };

export interface StandInSecretManager {
  /** `http://127.0.0.1:<port>`: the REST base URL in place of https://secretmanager.googleapis.com. */
  readonly endpoint: string;
  /** Google's own GoogleAuth, with a fixed access token in place of Application Default Credentials. */
  readonly auth: GoogleAuth<OAuth2Client>;
  /** The path and Authorization header of each request. */
  readonly requests: { path: string; authorization?: string }[];
  stop(): Promise<void>;
}

const TOKEN = 'stand-in-access-token';

/**
 * Stands for Secret Manager's REST API (v1 `…/versions/latest:access`) on a loopback port: no Google here. It answers
 * as Google's does, `{"name", "payload": {"data": <base64>}}` or `{"error": {"code", "message", "status"}}`, and
 * refuses a request without the bearer token, so the real google-auth-library's request path is what the tests run.
 */
export async function startStandInSecretManager(secrets: Readonly<Record<string, StandInSecret>>): Promise<StandInSecretManager> {
  const requests: StandInSecretManager['requests'] = [];
  const server: Server = createServer((request, response) => {
    requests.push({ path: request.url ?? '', authorization: request.headers.authorization });
    const reply = (status: number, body: unknown) => response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    const name = /^\/v1\/(.+)\/versions\/latest:access$/.exec(request.url ?? '')?.[1];
    if (request.headers.authorization !== `Bearer ${TOKEN}`) return reply(401, { error: { code: 401, message: 'Request had invalid authentication credentials.', status: 'UNAUTHENTICATED' } });
    const secret = name === undefined ? undefined : secrets[name];
    if (secret === undefined) {
      return reply(403, { error: { code: 403, message: `Permission 'secretmanager.versions.access' denied for resource '${name}/versions/latest' (or it may not exist).`, status: 'PERMISSION_DENIED' } });
    }
    if ('value' in secret) return reply(200, { name: `${name}/versions/1`, payload: { data: Buffer.from(secret.value).toString('base64'), dataCrc32c: '0' } });
    return reply(secret.status, { error: { code: secret.status, message: secret.message, status: secret.code } });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const client = new OAuth2Client();
  client.setCredentials({ access_token: TOKEN, expiry_date: Date.now() + 3_600_000 });
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    auth: new GoogleAuth({ authClient: client }),
    requests,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

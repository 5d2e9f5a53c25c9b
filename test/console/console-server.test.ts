import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startConsole, type RunningConsole } from '../../services/console/server/console-server';
import { TokenTable } from '../../services/kit/server/tokens';
import { runPlinth } from '../support/plinth-cli';
import { startTracking, type TrackingHarness } from '../services/tracking/support/tracking-harness';

// The console server against a real tracking service with tokens: sign-in, the session cookie, the
// proxy (the service enforcing its roles), CSRF and path checks, and that no token reaches a log line.
// The page itself is a stand-in here (three files); the built bundle is what the browser tests load.

const TOKENS = 'alice:alice-secret-token:approve,ci:ci-secret-token:write,rita:rita-secret-token:read';
const SECRETS = ['alice-secret-token', 'ci-secret-token', 'rita-secret-token'];

let tracking: TrackingHarness;
let consoleServer: RunningConsole;
let assetsDir: string;
const logLines: string[] = [];

beforeAll(async () => {
  assetsDir = mkdtempSync(path.join(tmpdir(), 'plinth-console-assets-'));
  writeFileSync(path.join(assetsDir, 'index.html'), '<!doctype html><title>Plinth console</title><script defer src="/assets/app.js"></script>');
  writeFileSync(path.join(assetsDir, 'app.js'), 'console.log("app")');
  writeFileSync(path.join(assetsDir, 'app.css'), 'body{}');
  tracking = await startTracking({ database: 'memory:', tokens: TokenTable.parse(TOKENS, 'test') });
  consoleServer = await startConsole({
    services: { tracking: tracking.url, inference: 'http://127.0.0.1:9' },
    assetsDir,
    logLevel: 'info',
    logStream: { write: (line: string) => void logLines.push(line) },
  });
});

afterAll(async () => {
  await consoleServer?.close();
  await tracking?.close();
  rmSync(assetsDir, { recursive: true, force: true });
});

async function signIn(token: string, headers: Record<string, string> = {}): Promise<{ response: Response; cookie?: string }> {
  const response = await fetch(`${consoleServer.url}/console/api/session`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ token }) });
  const setCookie = response.headers.get('set-cookie') ?? undefined;
  return { response, cookie: setCookie?.split(';')[0] };
}

function proxy(cookie: string | undefined, pathAndQuery: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${consoleServer.url}/proxy/${pathAndQuery}`, { ...init, headers: { ...(cookie ? { cookie } : {}), ...(init.headers as Record<string, string>) } });
}

const createExperiment = (cookie: string | undefined, name: string, headers: Record<string, string> = {}) =>
  proxy(cookie, 'tracking/api/2.0/mlflow/experiments/create', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ name }) });

describe('signing in with a service token', () => {
  it('gives a session with the role each service grants, in an HttpOnly SameSite=Strict cookie', async () => {
    const { response, cookie } = await signIn('alice-secret-token');
    expect(response.status).toBe(200);
    const setCookie = response.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/^plinth_console_session=[A-Za-z0-9_-]{43}; /);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
    expect(setCookie).toContain('Path=/');
    expect(setCookie).not.toContain('Secure');
    const session = (await response.json()) as { user: string; services: Record<string, { configured: boolean; reachable: boolean; role: string | null; authentication: boolean }> };
    expect(session.user).toBe('alice');
    expect(session.services.tracking).toEqual({ configured: true, reachable: true, authentication: true, role: 'approve' });
    expect(session.services.gates).toEqual({ configured: false, reachable: false, authentication: false, role: null });
    // A service that does not answer does not block the sign-in; the page shows it as unreachable.
    expect(session.services.inference).toEqual({ configured: true, reachable: false, authentication: false, role: null });

    const again = await fetch(`${consoleServer.url}/console/api/session`, { headers: { cookie: cookie! } });
    expect(again.status).toBe(200);
    expect(((await again.json()) as { user: string }).user).toBe('alice');
  });

  it('marks the cookie Secure when the browser reached the console over HTTPS', async () => {
    const { response } = await signIn('rita-secret-token', { 'x-forwarded-proto': 'https' });
    expect(response.headers.get('set-cookie')).toContain('; Secure');
  });

  it('refuses a token the service does not know, and an empty one where tokens are needed, naming the service', async () => {
    const wrong = await signIn('not-a-token');
    expect(wrong.response.status).toBe(401);
    expect(wrong.cookie).toBeUndefined();
    expect(((await wrong.response.json()) as { error: { message: string } }).error.message).toBe('The tracking service does not accept this token');
    const empty = await signIn('');
    expect(empty.response.status).toBe(401);
    expect(((await empty.response.json()) as { error: { message: string } }).error.message).toMatch(/^The tracking service needs a token/);
  });

  it('refuses a body that is not {"token": "..."} with a 400 saying what it expects', async () => {
    const response = await fetch(`${consoleServer.url}/console/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ password: 'x' }) });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toContain('{"token"');
  });

  it('signs out: the cookie is cleared and the session no longer opens the proxy', async () => {
    const { cookie } = await signIn('ci-secret-token');
    const out = await fetch(`${consoleServer.url}/console/api/session`, { method: 'DELETE', headers: { cookie: cookie! } });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toContain('Max-Age=0');
    const after = await proxy(cookie, 'tracking/api/2.0/mlflow/experiments/search?max_results=1');
    expect(after.status).toBe(401);
    expect(after.headers.get('x-plinth-console')).toBe('session-required');
  });
});

describe('the proxy to the services', () => {
  it("sends the session's token: the service decides, a read token is refused a change with the service's own 403", async () => {
    const writer = await signIn('ci-secret-token');
    const created = await createExperiment(writer.cookie, 'churn-console');
    expect(created.status).toBe(200);
    expect(created.headers.get('cache-control')).toBe('no-store');

    const reader = await signIn('rita-secret-token');
    const listed = await proxy(reader.cookie, 'tracking/api/2.0/mlflow/experiments/get-by-name?experiment_name=churn-console');
    expect(listed.status).toBe(200);
    expect(((await listed.json()) as { experiment: { name: string } }).experiment.name).toBe('churn-console');
    const refused = await createExperiment(reader.cookie, 'not-allowed');
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { message: string }).message).toBe("Permission denied: token 'rita' has the read role; this needs write");
  });

  it('needs a session: without one it is a 401 the page recognises, and nothing reaches the service', async () => {
    const response = await createExperiment(undefined, 'anonymous-attempt');
    expect(response.status).toBe(401);
    expect(response.headers.get('x-plinth-console')).toBe('session-required');
    const check = await proxy((await signIn('rita-secret-token')).cookie, 'tracking/api/2.0/mlflow/experiments/get-by-name?experiment_name=anonymous-attempt');
    expect(check.status).toBe(404);
  });

  it("refuses a change sent from another site's page (CSRF), even with the session cookie", async () => {
    const { cookie } = await signIn('ci-secret-token');
    const crossSite = await createExperiment(cookie, 'cross-site', { origin: 'https://evil.example' });
    expect(crossSite.status).toBe(403);
    const fetchSite = await createExperiment(cookie, 'cross-site', { 'sec-fetch-site': 'cross-site' });
    expect(fetchSite.status).toBe(403);
    const sameOrigin = await createExperiment(cookie, 'same-origin', { origin: consoleServer.url, 'sec-fetch-site': 'same-origin' });
    expect(sameOrigin.status).toBe(200);
    const check = await proxy(cookie, 'tracking/api/2.0/mlflow/experiments/get-by-name?experiment_name=cross-site');
    expect(check.status).toBe(404);
  });

  it('says which flag is missing for a service it was not given, and that a service is down when it cannot reach it', async () => {
    const { cookie } = await signIn('rita-secret-token');
    const missing = await proxy(cookie, 'gates/api/gates/promotions');
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { message: string } }).error.message).toContain('--gates-url');
    const down = await proxy(cookie, 'inference/v2/repository/index', { method: 'POST', headers: { origin: consoleServer.url } });
    expect(down.status).toBe(502);
    expect(((await down.json()) as { error: { message: string } }).error.message).toBe('The inference service cannot be reached at http://127.0.0.1:9: is it running?');
    const unknown = await proxy(cookie, 'billing/anything');
    expect(unknown.status).toBe(404);
  });

  it('never sends a token or session id to the log', () => {
    const log = logLines.join('');
    expect(log).toContain('console sign-in');
    for (const secret of SECRETS) expect(log).not.toContain(secret);
    expect(log).not.toMatch(/plinth_console_session=/);
  });
});

describe('the page', () => {
  it('is served with a Content-Security-Policy that allows only its own origin, and revalidated by ETag', async () => {
    const page = await fetch(`${consoleServer.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    const script = await fetch(`${consoleServer.url}/assets/app.js`);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const revalidated = await fetch(`${consoleServer.url}/assets/app.js`, { headers: { 'if-none-match': script.headers.get('etag')! } });
    expect(revalidated.status).toBe(304);
    expect((await fetch(`${consoleServer.url}/assets/..%2Fconsole-server.ts`)).status).toBe(404);
  });
});

describe('a session left unused', () => {
  it('ends after the idle timeout: the proxy then answers 401 session-required, the answer that sends the page back to sign-in', async () => {
    const quick = await startConsole({ services: { tracking: tracking.url }, assetsDir, idleTimeoutSeconds: 1, logLevel: 'silent' });
    try {
      const response = await fetch(`${quick.url}/console/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: 'rita-secret-token' }) });
      const cookie = response.headers.get('set-cookie')!.split(';')[0]!;
      const used = await fetch(`${quick.url}/proxy/tracking/api/2.0/mlflow/experiments/search?max_results=1`, { headers: { cookie } });
      expect(used.status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const idle = await fetch(`${quick.url}/proxy/tracking/api/2.0/mlflow/experiments/search?max_results=1`, { headers: { cookie } });
      expect(idle.status).toBe(401);
      expect(idle.headers.get('x-plinth-console')).toBe('session-required');
    } finally {
      await quick.close();
    }
  });
});

describe('many failed sign-ins', () => {
  it('are slowed to a 429 with Retry-After before the services are asked again', async () => {
    let last: Response | undefined;
    for (let attempt = 0; attempt < 12; attempt += 1) last = (await signIn(`guess-${attempt}`)).response;
    expect(last!.status).toBe(429);
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe('plinth console as a process', () => {
  it('refuses to start without a built console, saying what to run (exit 2)', async () => {
    const run = await runPlinth(['console', '--port', '0', '--assets', path.join(tmpdir(), 'no-such-console-build')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no built console there; run `npm run build`');
  });

  it('refuses a service URL that is not http(s) and a duration it cannot read (exit 2)', async () => {
    const url = await runPlinth(['console', '--port', '0', '--assets', assetsDir, '--tracking-url', 'ftp://tracking']);
    expect(url.code).toBe(2);
    expect(url.stderr).toContain("--tracking-url ftp://tracking: expected the service's http(s) URL");
    const ttl = await runPlinth(['console', '--session-ttl', '5x']);
    expect(ttl.code).toBe(2);
    expect(ttl.stderr).toContain("expected a duration such as 30m, 8h or 1d, got '5x'");
  });
});

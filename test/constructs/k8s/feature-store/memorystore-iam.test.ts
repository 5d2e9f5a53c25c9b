import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { requireTools } from '../../../support/tools';

const HOOK_DIRECTORY = path.join(__dirname, '..', '..', '..', '..', 'constructs', 'k8s', 'feature-store');

/**
 * A stand-in for redis-py (not installed here): the four client classes the hook patches, each recording the
 * keyword arguments it was made with, and CredentialProvider. Only the hook's side of the contract is tested;
 * redis-py sending `AUTH <token>` for a one-element tuple is its documented behaviour.
 */
function fakeRedis(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'plinth-fake-redis-'));
  const client = 'class Redis:\n    def __init__(self, *args, **kwargs):\n        self.kwargs = kwargs\n';
  const cluster = 'class RedisCluster:\n    def __init__(self, *args, **kwargs):\n        self.kwargs = kwargs\n';
  mkdirSync(path.join(root, 'redis', 'asyncio'), { recursive: true });
  writeFileSync(path.join(root, 'redis', '__init__.py'), client);
  writeFileSync(path.join(root, 'redis', 'cluster.py'), cluster);
  writeFileSync(path.join(root, 'redis', 'credentials.py'), 'class CredentialProvider:\n    pass\n');
  writeFileSync(path.join(root, 'redis', 'asyncio', '__init__.py'), client);
  writeFileSync(path.join(root, 'redis', 'asyncio', 'cluster.py'), cluster);
  return root;
}

/** Runs Python with the hook importable (asynchronously: the metadata server stand-in answers from this process). */
function python(code: string, env: Record<string, string> = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('python3', ['-c', code], { env: { ...process.env, PYTHONPATH: HOOK_DIRECTORY, PLINTH_MEMORYSTORE_CLUSTER: '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('memorystore_iam.py (the pods\' sitecustomize on GKE)', () => {
  const tools = requireTools([{ command: 'python3', install: 'apt-get install python3' }]);
  const withPython = tools.available ? it : it.skip;
  let server: Server;
  let url: string;
  const requests: IncomingHttpHeaders[] = [];
  let answers: (() => { status: number; body: string })[] = [];

  beforeAll(async () => {
    // The GKE metadata server's token endpoint, as Workload Identity serves it to a pod.
    server = createServer((request, response) => {
      requests.push(request.headers);
      const answer = answers.shift()?.() ?? { status: 500, body: 'no answer left' };
      response.writeHead(answer.status, { 'Content-Type': 'application/json' }).end(answer.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/computeMetadata/v1/instance/service-accounts/default/token`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    requests.length = 0;
    answers = [];
  });

  const token = (value: string, expiresIn: number) => () => ({ status: 200, body: JSON.stringify({ access_token: value, expires_in: expiresIn, token_type: 'Bearer' }) });

  withPython('asks the metadata server with Metadata-Flavor: Google, keeps the token, and asks again five minutes before it expires', async () => {
    answers = [token('ya29.first', 3599), token('ya29.second', 3599)];
    const result = await python(
      'import memorystore_iam\n' +
        'now = [0.0]\n' +
        `tokens = memorystore_iam.AccessTokens(url=${JSON.stringify(url)}, clock=lambda: now[0])\n` +
        'print(tokens.get())\n' +
        'now[0] = 3599 - 301\n' +
        'print(tokens.get())\n' +
        'now[0] = 3599 - 299\n' +
        'print(tokens.get())\n',
    );
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('ya29.first\nya29.first\nya29.second\n');
    expect(requests).toHaveLength(2);
    for (const headers of requests) expect(headers['metadata-flavor']).toBe('Google');
  });

  withPython('says what is missing when the metadata server is unreachable or answers without a token', async () => {
    answers = [() => ({ status: 200, body: '{"error": "no identity"}' })];
    const result = await python(
      'import memorystore_iam\n' +
        `for url in (${JSON.stringify(url)}, "http://127.0.0.1:9/token"):\n` +
        '    try:\n' +
        '        memorystore_iam.fetch_access_token(url, timeout=2)\n' +
        '    except RuntimeError as error:\n' +
        '        print(error)\n',
    );
    expect(result.status).toBe(0);
    const [withoutToken, unreachable] = result.stdout.trim().split('\n');
    expect(withoutToken).toMatch(/answered without an access_token and a numeric expires_in/);
    expect(unreachable).toMatch(/no Google access token for Memorystore IAM authentication from http:\/\/127\.0\.0\.1:9\/token: .*Workload Identity/);
  });

  withPython('gives every redis-py client made with a user and no password a provider of one-argument AUTH with the token', async () => {
    answers = [token('ya29.pod', 3599)];
    const result = await python(
      'import json, redis, redis.asyncio, redis.cluster, redis.asyncio.cluster\n' +
        'import memorystore_iam\n' +
        `memorystore_iam._install(memorystore_iam.AccessTokens(url=${JSON.stringify(url)}))\n` +
        'made = [cls(host="10.0.0.7", port=6379, ssl=True, username="default") for cls in (redis.Redis, redis.asyncio.Redis, redis.cluster.RedisCluster, redis.asyncio.cluster.RedisCluster)]\n' +
        'print(json.dumps([sorted(c.kwargs) for c in made]))\n' +
        'print(json.dumps([c.kwargs["credential_provider"].get_credentials() for c in made]))\n' +
        'print(json.dumps(redis.Redis(host="h", username="app", password="secret").kwargs))\n' +
        'print(json.dumps(redis.Redis(host="h").kwargs))\n',
      { PYTHONPATH: `${HOOK_DIRECTORY}${path.delimiter}${fakeRedis()}` },
    );
    expect(result.stderr).toBe('');
    const [keys, credentials, withPassword, anonymous] = result.stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(keys).toEqual(Array(4).fill(['credential_provider', 'host', 'port', 'ssl']));
    // One token for every connection of every client: fetched once.
    expect(credentials).toEqual(Array(4).fill(['ya29.pod']));
    expect(requests).toHaveLength(1);
    // A client given a password, or no user, is left as it was made.
    expect(withPassword).toEqual({ host: 'h', username: 'app', password: 'secret' });
    expect(anonymous).toEqual({ host: 'h' });
  });

  withPython('patches only when the pod is configured for a Memorystore cluster (not on a laptop), and then at import', () => {
    const env = { ...process.env, PYTHONPATH: HOOK_DIRECTORY, PLINTH_MEMORYSTORE_CLUSTER: '' };
    expect(spawnSync('python3', ['-c', 'import sys\nimport memorystore_iam\nprint("redis" in sys.modules)'], { env, encoding: 'utf8' })).toMatchObject({ status: 0, stdout: 'False\n' });
    const configured = { ...env, PYTHONPATH: `${HOOK_DIRECTORY}${path.delimiter}${fakeRedis()}`, PLINTH_MEMORYSTORE_CLUSTER: 'acme-prod-cache' };
    const patched = spawnSync('python3', ['-c', 'import redis, memorystore_iam\nprint(redis.Redis.__init__.__name__, redis.Redis.__init__.__qualname__)'], { env: configured, encoding: 'utf8' });
    expect(patched.stderr).toBe('');
    expect(patched.stdout).toMatch(/with_iam_credentials/);
  });
});

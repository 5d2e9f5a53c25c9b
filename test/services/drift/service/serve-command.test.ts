import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { Command } from 'commander';
import { EXIT_BAD_INPUT, UserFacingError } from '../../../../core/exit-codes';
import { registerDriftCommands } from '../../../../services/drift/cli';
import { freePort } from '../../../support/free-port';

const PLINTH = join(__dirname, '../../../../bin/plinth.js');

/** Runs `plinth drift serve …` in this process; resolves to the UserFacingError it refused with. */
async function serveRefusal(args: string[], env: Record<string, string | undefined> = {}): Promise<UserFacingError> {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    const program = new Command('plinth').exitOverride();
    registerDriftCommands(program);
    await program.parseAsync(['drift', 'serve', '--database-url', 'memory:', ...args], { from: 'user' });
  } catch (error) {
    if (error instanceof UserFacingError) return error;
    throw error;
  } finally {
    process.env = saved;
  }
  throw new Error('plinth drift serve started instead of refusing');
}

async function waitForHealth(url: string, child: ChildProcess): Promise<void> {
  for (let attempt = 0; attempt < 400; attempt++) {
    if (child.exitCode !== null) throw new Error(`plinth drift serve exited with ${child.exitCode}`);
    const ok = await fetch(url).then((response) => response.ok, () => false);
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not answer`);
}

describe('plinth drift serve', () => {
  it('serves the API and metrics, and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const env = { ...process.env, PLINTH_TOKENS: undefined, PLINTH_TOKENS_FILE: undefined };
    const child = spawn(process.execPath, [PLINTH, 'drift', 'serve', '--port', String(port), '--database-url', 'memory:', '--min-window-rows', '5'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const base = `http://127.0.0.1:${port}`;
      await waitForHealth(`${base}/healthz`, child);
      const reference = await fetch(`${base}/api/drift/models/churn/reference`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'x\n1\n2\n3\n4\n5\n6\n' });
      expect(reference.status).toBe(201);
      const batch = await fetch(`${base}/api/drift/models/churn/batches`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify([1, 2, 3, 4, 5].map((x) => ({ x }))) });
      expect((await batch.json()).report.report.dataset.drifted).toBe(false);
      expect(await (await fetch(`${base}/metrics`)).text()).toContain('plinth_drift_rows_total{model="churn"} 5');
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(output).toContain('shut down cleanly');
  }, 60_000);

  it.each<[string, string[], Record<string, string | undefined>, RegExp]>([
    ['webhook options without a webhook', ['--retrain-every-seconds', '3600'], {}, /--webhook-token-env, --webhook-event-type, --retrain-every-seconds and --retrain-on-embedding-drift need --webhook-url/],
    ['a GitHub webhook without its token', ['--webhook-url', 'https://api.github.com/repos/o/r/dispatches', '--webhook-format', 'github'], { GITHUB_TOKEN: undefined }, /webhook\.tokenEnv: \$GITHUB_TOKEN is not set/],
    ['limits that contradict each other', ['--window-rows', '100', '--max-batch-rows', '200'], {}, /maxBatchRows \(200\) must not exceed windowRows \(100\)/],
    ['a malformed token list', [], { PLINTH_TOKENS: 'only-a-name' }, /PLINTH_TOKENS: entry 1 \(only-a-name\): expected name:token:role/],
  ])('exits 2 on %s', async (_, args, env, message) => {
    const error = await serveRefusal(args, env);
    expect(error.exitCode).toBe(EXIT_BAD_INPUT);
    expect(error.message).toMatch(message);
  }, 30_000);
});

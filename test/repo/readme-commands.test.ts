import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { EXIT_UNAVAILABLE } from '../../core/exit-codes';
import { freePort } from '../support/free-port';

/**
 * The README's service commands, run verbatim the way a new user runs them: in a fresh copy of the
 * repository (no `.plinth/`, no build output), one shell command at a time. Servers must answer
 * /healthz and shut down cleanly on SIGTERM; other commands must succeed.
 */
const ROOT = path.join(__dirname, '..', '..');

/** The sections whose shell blocks are run, by file. */
const SECTIONS: readonly { readonly file: string; readonly heading: string }[] = [
  { file: 'README.md', heading: '## Services' },
  { file: 'services/tracking/README.md', heading: '## Run it' },
  { file: 'services/drift/README.md', heading: '## Run it' },
];

/** The port a `serve` command uses when it does not say. */
const DEFAULT_PORTS: Record<string, number> = { tracking: 5000, drift: 8090, inference: 8000, gates: 8070, console: 8080 };

/**
 * Commands that need what this machine lacks. They still run verbatim and must refuse the way a user
 * on such a machine sees it: one line, exit code 3. (The drift webhook URL `https://ci.example/…` does
 * not exist either, but it is only called when a model drifts: the server starts without it.)
 */
const NEEDS_WHAT_IS_MISSING: readonly { readonly command: RegExp; readonly lacks: string; readonly refusal: RegExp }[] = [
  {
    command: /--database-url postgres:\/\/mlflow:secret@db:5432\/mlflow/,
    lacks: 'a PostgreSQL server on a host named db (and the S3 bucket ml-artifacts)',
    refusal: /^plinth tracking serve: cannot connect to PostgreSQL at db:5432\/mlflow \((host not found|host name lookup failed)\): check --database-url and that the server is running\n$/,
  },
];

/** Each `sh` block of a section, as commands: continuation lines joined, blank lines dropped. */
function shellCommands(file: string, heading: string): string[] {
  const text = readFileSync(path.join(ROOT, file), 'utf8');
  const start = text.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`${file}: no section ${heading}`);
  const end = text.indexOf('\n## ', start + heading.length + 2);
  const section = text.slice(start, end < 0 ? undefined : end);
  const blocks = [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => match[1]);
  return blocks.flatMap((block) =>
    block
      .replace(/\\\n\s*/g, '')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#')),
  );
}

/**
 * A fresh clone: the files git would check out (tracked, and new ones not ignored, as they are in
 * this working tree), without dist/ (the suite builds it, as `npm ci` would), with the installed
 * node_modules linked in.
 */
function freshClone(): string {
  const clone = mkdtempSync(path.join(tmpdir(), 'plinth-fresh-clone-'));
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: ROOT, encoding: 'utf8' })
    .split('\0')
    .filter((file) => file !== '' && !file.startsWith('dist/') && existsSync(path.join(ROOT, file)));
  for (const file of files) cpSync(path.join(ROOT, file), path.join(clone, file));
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(clone, 'node_modules'));
  return clone;
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

/** The command and its port: the documented one when free, else a free one put in its place. */
async function withUsablePort(command: string, service: string): Promise<{ command: string; port: number }> {
  const documented = /--port (\d+)/.exec(command);
  const port = documented ? Number(documented[1]) : DEFAULT_PORTS[service];
  if (await portIsFree(port)) return { command, port };
  const free = await freePort();
  process.stderr.write(`readme-commands: port ${port} is busy here; running on ${free} instead\n`);
  return { command: documented ? command.replace(/--port \d+/, `--port ${free}`) : command.replace(/ serve\b/, ` serve --port ${free}`), port: free };
}

interface Shell {
  readonly child: ChildProcess;
  output(): string;
  /** Resolves with the exit code once every process of the command has closed its output. */
  readonly closed: Promise<number | NodeJS.Signals>;
}

function runShell(command: string, cwd: string, env: NodeJS.ProcessEnv): Shell {
  // Its own process group, so that SIGTERM reaches the server under npx and sh, as Ctrl-C would.
  const child = spawn('sh', ['-c', command], { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const closed = new Promise<number | NodeJS.Signals>((resolve) => child.once('close', (code, signal) => resolve(code ?? signal!)));
  return { child, output: () => output, closed };
}

async function waitForHealth(port: number, shell: Shell, timeoutMs: number): Promise<void> {
  let exited = false;
  void shell.closed.then(() => (exited = true));
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; ) {
    if (exited) throw new Error(`the command ended before answering /healthz:\n${shell.output()}`);
    const healthy = await fetch(`http://127.0.0.1:${port}/healthz`).then((response) => response.ok, () => false);
    if (healthy) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`no answer on /healthz within ${timeoutMs} ms:\n${shell.output()}`);
}

describe.each(SECTIONS)('$file, section "$heading", run verbatim in a fresh clone', ({ file, heading }) => {
  const commands = shellCommands(file, heading);
  let clone: string;
  // Exported variables carry over to later commands, as in the user's shell.
  const env: NodeJS.ProcessEnv = { ...process.env, PLINTH_TOKENS: '', PLINTH_TOKENS_FILE: '', npm_config_offline: 'true' };
  beforeAll(() => {
    clone = freshClone();
    // What `npm ci` does last (the `prepare` script): a fresh clone's user runs the compiled CLI.
    execFileSync(process.execPath, ['scripts/build.js'], { cwd: clone, stdio: 'ignore' });
  });
  afterAll(() => rmSync(clone, { recursive: true, force: true }));

  it('has commands', () => {
    expect(commands.length).toBeGreaterThan(0);
  });

  it.each(commands)('%s', async (command) => {
    const exported = /^export (\w+)=(\S+)/.exec(command);
    if (exported) {
      env[exported[1]] = exported[2];
      return;
    }
    // `plinth console` is a server too (the page over the services), with no `serve` of its own.
    const serve = /^npx plinth (tracking|drift|inference|gates) serve\b|^npx plinth (console)\b/.exec(command);
    const missing = NEEDS_WHAT_IS_MISSING.find((need) => need.command.test(command));
    if (missing) {
      process.stderr.write(`readme-commands: "${command}" needs ${missing.lacks}; checking that it refuses in one line\n`);
      const shell = runShell(command, clone, env);
      const code = await shell.closed;
      // npx adds nothing to standard error when the command succeeds or fails on its own.
      expect({ code, output: shell.output().split('\n').filter((line) => !line.startsWith('{')).join('\n') }).toEqual({ code: EXIT_UNAVAILABLE, output: expect.stringMatching(missing.refusal) });
      return;
    }
    if (serve) {
      const usable = await withUsablePort(command, serve[1] ?? serve[2]!);
      const shell = runShell(usable.command, clone, env);
      try {
        await waitForHealth(usable.port, shell, 150_000);
      } finally {
        process.kill(-shell.child.pid!, 'SIGTERM');
      }
      await shell.closed;
      expect(shell.output()).toContain('shut down cleanly');
      return;
    }
    if (/^npx plinth drift compare\b/.test(command)) {
      const shell = runShell(command, clone, env);
      expect({ code: await shell.closed, output: shell.output() }).toEqual({ code: 0, output: expect.stringContaining('dataset drift: no') });
      const output = /--output (\S+)/.exec(command)?.[1];
      if (output) expect(readFileSync(path.join(clone, output), 'utf8')).toMatch(/^<!doctype html>/i);
      return;
    }
    if (/^npx plinth inference add-model\b/.test(command)) {
      const shell = runShell(command, clone, env);
      expect({ code: await shell.closed, output: shell.output() }).toEqual({ code: 0, output: expect.stringMatching(/^added model '\w+' version 1 \(sha256 [0-9a-f]{64}\)/) });
      return;
    }
    throw new Error(`this test does not know how to run "${command}": teach it (a server, a one-shot command, or one that needs what CI lacks)`);
  }, 200_000);
});

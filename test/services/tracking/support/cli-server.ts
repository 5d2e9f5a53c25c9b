import { type ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import { freePort } from '../../../support/free-port';

const PLINTH = path.join(__dirname, '..', '..', '..', '..', 'bin', 'plinth.js');

/** `plinth tracking serve` as a child process, with its log lines collected. */
export interface CliServer {
  readonly url: string;
  readonly child: ChildProcess;
  /** Log lines (stdout) so far. */
  readonly lines: string[];
  /** Resolves when a log line contains `text`. */
  waitForLog(text: string, timeoutMs?: number): Promise<void>;
  /** Resolves with the exit code (or signal) when the process ends. */
  readonly exited: Promise<number | NodeJS.Signals>;
}

export async function startCliServer(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliServer> {
  const port = await freePort();
  const child = spawn(process.execPath, [PLINTH, 'tracking', 'serve', '--port', String(port), '--host', '127.0.0.1', ...args], {
    env: { ...process.env, PLINTH_TOKENS: '', PLINTH_TOKENS_FILE: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const waiters: { text: string; resolve: () => void }[] = [];
  let stderr = '';
  let buffered = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const complete = buffered.split('\n');
    buffered = complete.pop()!;
    lines.push(...complete);
    for (const waiter of [...waiters]) {
      if (lines.some((line) => line.includes(waiter.text))) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  });
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | NodeJS.Signals>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal!)));
  const waitForLog = (text: string, timeoutMs = 90_000) =>
    new Promise<void>((resolve, reject) => {
      if (lines.some((line) => line.includes(text))) return resolve();
      const timer = setTimeout(() => reject(new Error(`no log line with '${text}' within ${timeoutMs} ms; stderr: ${stderr}; log: ${lines.join('\n')}`)), timeoutMs);
      waiters.push({ text, resolve: () => (clearTimeout(timer), resolve()) });
      void exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`server exited (${code}) before logging '${text}'; stderr: ${stderr}`));
      });
    });
  await waitForLog('Server listening at');
  return { url: `http://127.0.0.1:${port}`, child, lines, waitForLog, exited };
}

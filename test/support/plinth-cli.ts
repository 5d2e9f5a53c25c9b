import { spawn } from 'node:child_process';
import * as path from 'node:path';

/** The user's entry point, as `npx plinth` runs it. */
export const PLINTH = path.join(__dirname, '..', '..', 'bin', 'plinth.js');

export interface PlinthRun {
  /** The exit code, or the signal that ended the process. */
  readonly code: number | NodeJS.Signals;
  readonly stdout: string;
  readonly stderr: string;
}

export interface PlinthRunOptions {
  /** @default - this process's working directory */
  readonly cwd?: string;
  /** Added to this process's environment; PLINTH_TOKENS and PLINTH_TOKENS_FILE are cleared. */
  readonly env?: NodeJS.ProcessEnv;
  /**
   * A command still running after this long is stopped with SIGTERM (a server that started when it
   * should have refused): the run then ends with the code of a clean shutdown, which tests reject.
   * @default 45000
   */
  readonly timeoutMs?: number;
  /**
   * Stop the command with SIGTERM once its standard output contains this (a server that started).
   * @default - run to its end
   */
  readonly stopOnOutput?: string;
}

/** Runs `node bin/plinth.js …` in a child process to its end. */
export function runPlinth(args: readonly string[], options: PlinthRunOptions = {}): Promise<PlinthRun> {
  const child = spawn(process.execPath, [PLINTH, ...args], {
    cwd: options.cwd,
    env: { ...process.env, PLINTH_TOKENS: '', PLINTH_TOKENS_FILE: '', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let stopping = false;
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    // Once: a second signal means "exit now" to a Plinth server.
    if (!stopping && options.stopOnOutput !== undefined && stdout.includes(options.stopOnOutput)) {
      stopping = true;
      child.kill('SIGTERM');
    }
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGTERM'), options.timeoutMs ?? 45_000);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? signal!, stdout, stderr });
    });
  });
}

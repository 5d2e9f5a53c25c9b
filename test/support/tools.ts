import { spawnSync } from 'node:child_process';

/** Whether a command is on PATH. */
export function hasCommand(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/**
 * Decides at load time whether a test that needs real tools can run. Missing tools make the test
 * SKIPPED, said loudly; in CI (CI=true) they make it fail instead, because CI must prove it.
 */
export function requireTools(tools: readonly { readonly command: string; readonly install: string }[]): { readonly available: boolean; readonly reason?: string } {
  const missing = tools.filter((tool) => !hasCommand(tool.command));
  if (missing.length === 0) return { available: true };
  const reason = missing.map((tool) => `${tool.command} not found (${tool.install})`).join('; ');
  skipOrFailInCi(reason);
  return { available: false, reason };
}

/** Says loudly why tests are skipped here; in CI (CI=true) throws instead, since CI must prove them. */
export function skipOrFailInCi(reason: string): void {
  if (process.env.CI === 'true') throw new Error(`CI must not skip: ${reason}`);
  process.stderr.write(`\nSKIPPED: ${reason}\n\n`);
}

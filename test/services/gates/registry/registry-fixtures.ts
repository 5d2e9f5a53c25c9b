import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { buildProgram } from '../../../../services/cli/main';
import { runCommands } from '../../../../services/cli/run-commands';
import { FILES, temporaryFolder, writeFile } from '../evaluation-fixtures';

export interface CommandRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * `plinth <args>` in this process, as bin/plinth.js runs it (the same program, error handling and exit
 * codes), with its output captured: a child process per command would cost seconds of start-up each.
 */
export async function plinth(...args: string[]): Promise<CommandRun> {
  let stdout = '';
  let stderr = '';
  const out = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((stdout += chunk.toString()), true));
  const err = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((stderr += chunk.toString()), true));
  try {
    const code = await runCommands(buildProgram('test'), args);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
    process.exitCode = undefined;
  }
}

const folder = temporaryFolder();
/** The README walkthrough's policy: passes the committed classifier (accuracy 0.8875), fails the worse one (0.7083). */
export const PROMOTION_POLICY = path.join(__dirname, '../fixtures/evaluation/promotion-policy.yaml');

/** The same policy at risk class high, as the README's lifecycle uses it: a pass waits for an approver. */
export const APPROVAL_POLICY = path.join(__dirname, '../fixtures/evaluation/approval-policy.yaml');

/** The promotion policy with another risk class. */
export function promotionPolicy(risk: 'low' | 'medium' | 'high' = 'low'): string {
  if (risk === 'low') return PROMOTION_POLICY;
  if (risk === 'high') return APPROVAL_POLICY;
  return writeFile(folder, `promotion-${risk}.yaml`, readFileSync(PROMOTION_POLICY, 'utf8').replace(/^risk: low$/m, `risk: ${risk}`));
}

export { FILES };

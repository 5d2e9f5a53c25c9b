import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import type { App } from 'cdktf';

/**
 * Synthesizes into a sibling folder and swaps it into place only once synthesis succeeded, so a
 * failure never leaves `cdktf.out` half-written and never loses the previous good output.
 */
export function synthAtomically(buildApp: (outdir: string) => App, outdir: string): void {
  const staging = `${outdir}.plinth-staging-${process.pid}`;
  const previous = `${outdir}.plinth-previous-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  try {
    buildApp(staging).synth();
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  const hadPrevious = existsSync(outdir);
  if (hadPrevious) {
    if (runByTheCdktfCli()) leaveStackFoldersForTheCli(outdir, staging);
    renameSync(outdir, previous);
  }
  renameSync(staging, outdir);
  if (hadPrevious) rmSync(previous, { recursive: true, force: true });
}

/**
 * The cdktf CLI lists `<outdir>/stacks/*` before it runs the app and, afterwards, deletes each listed
 * folder whose stack is gone, without `force`: it fails with ENOENT when the swap above already took
 * the old folder away (another config, a renamed or removed environment). An empty folder per vanished
 * stack gives the CLI what it listed; it deletes them at once, so the output ends up holding exactly
 * the new stacks. Done only under the CLI, which always cleans them up.
 */
function leaveStackFoldersForTheCli(oldOutdir: string, newOutdir: string): void {
  const stacksFolder = 'stacks';
  const oldStacks = path.join(oldOutdir, stacksFolder);
  if (!existsSync(oldStacks)) return;
  const newStacks = path.join(newOutdir, stacksFolder);
  for (const entry of readdirSync(oldStacks, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const folder = path.join(newStacks, entry.name);
    if (!existsSync(folder)) mkdirSync(folder, { recursive: true });
  }
}

/**
 * cdktf-cli 0.21 (cli-core synth-stack.js) sets this for the app it runs, and nothing else does:
 * CDKTF_OUTDIR alone does not tell, since tests and scripts set it to run the app directly.
 */
function runByTheCdktfCli(): boolean {
  return process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS === 'true';
}

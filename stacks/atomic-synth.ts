import { existsSync, renameSync, rmSync } from 'node:fs';
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
  if (hadPrevious) renameSync(outdir, previous);
  renameSync(staging, outdir);
  if (hadPrevious) rmSync(previous, { recursive: true, force: true });
}

import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { UserFacingError } from '../core/exit-codes';

/** The names of the stacks cdktf synthesized into `outdir`, from its manifest.json. */
export function synthesizedStackNames(outdir: string): Set<string> {
  const manifest = path.join(outdir, 'manifest.json');
  if (!existsSync(manifest)) throw new UserFacingError(`${manifest} not found: run \`npx cdktf synth\` first (or pass the output folder it wrote)`);
  return new Set(Object.keys((JSON.parse(readFileSync(manifest, 'utf8')) as { stacks?: Record<string, unknown> }).stacks ?? {}));
}

import * as path from 'node:path';
import { EXIT_FINDINGS, UserFacingError } from '../core/exit-codes';
import { configPath, loadConfig } from '../core/config/load';
import { buildPlatformApp } from './platform-app';
import { synthAtomically } from './atomic-synth';
import { formatSummary, summarizeSynth } from './synth-summary';

/**
 * The cdktf app (cdktf.json runs it): every stack of platform.yaml, or of the file PLINTH_CONFIG
 * names, into the folder the cdktf CLI passes (CDKTF_OUTDIR, from `--output`).
 */
function main(): number {
  const outdir = path.resolve(process.env.CDKTF_OUTDIR ?? 'cdktf.out');
  try {
    const loaded = loadConfig(configPath());
    synthAtomically((staging) => buildPlatformApp(loaded, staging), outdir);
    process.stdout.write(`${formatSummary(summarizeSynth(outdir), path.relative(process.cwd(), outdir) || outdir)}\n`);
    return 0;
  } catch (error) {
    if (error instanceof UserFacingError) {
      process.stderr.write(`${error.message}\n`);
      return error.exitCode;
    }
    // cdktf reports failed construct validations (policy enforcement for production) with this
    // message and no error class of its own.
    if (error instanceof Error && error.message.startsWith('Validation failed with the following errors')) {
      process.stderr.write(`Plinth refused to synthesize: ${error.message}\nNothing was written.\n`);
      return EXIT_FINDINGS;
    }
    throw error;
  }
}

process.exitCode = main();

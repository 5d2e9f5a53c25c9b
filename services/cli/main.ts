import { Command, CommanderError } from 'commander';
import { registerPolicyCommands } from '../../policies/cli';
import { registerDriftCommands } from '../drift/cli';
import { registerTrackingCommands } from '../tracking/cli';
import { registerConfigCommands } from './config-commands';
import { EXIT_BAD_INPUT, UserFacingError } from './exit-codes';

/**
 * `plinth`: one CLI for every Plinth tool. Each command family lives beside the code it drives and
 * registers itself here.
 */
export function buildProgram(): Command {
  const program = new Command('plinth')
    .description('Plinth: ML platform blueprints on AWS and GCP, and the services that run on them')
    .exitOverride()
    .showHelpAfterError();
  registerConfigCommands(program);
  registerPolicyCommands(program);
  registerDriftCommands(program);
  registerTrackingCommands(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv, { from: 'user' });
    return process.exitCode === undefined ? 0 : Number(process.exitCode);
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version arrive here too, with exit code 0.
      return error.exitCode === 0 ? 0 : EXIT_BAD_INPUT;
    }
    if (error instanceof UserFacingError) {
      process.stderr.write(`${error.message}\n`);
      return error.exitCode;
    }
    throw error;
  }
}

/** Entry point for bin/plinth.js: runs the command line and sets the process exit code. */
export function run(): void {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`plinth: unexpected error: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}

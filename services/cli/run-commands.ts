import { type Command, CommanderError } from 'commander';
import { EXIT_BAD_INPUT, UserFacingError } from './exit-codes';

/**
 * Runs a command line on a program and returns the exit code: 2 for a usage mistake, a user-facing
 * error's own code with its message on stderr. Container entry points with fewer commands use it too.
 */
export async function runCommands(program: Command, argv: string[]): Promise<number> {
  try {
    await program.exitOverride().parseAsync(argv, { from: 'user' });
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

/** Runs a program on this process's arguments and sets the exit code; unexpected errors exit 1. */
export function runProcess(program: Command): void {
  runCommands(program, process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`plinth: unexpected error: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}

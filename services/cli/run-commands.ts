import { type Command, CommanderError } from 'commander';
import { EXIT_BAD_INPUT, EXIT_CODES_HELP, UserFacingError } from '../../core/exit-codes';

/**
 * Runs a command line on a program and returns the exit code: 2 for a usage mistake, a user-facing
 * error's own code with its message on stderr, 1 with one line for anything unexpected. Adds the
 * global --verbose flag (stack traces) and the exit codes to --help. Container entry points with
 * fewer commands use it too.
 */
export async function runCommands(program: Command, argv: string[]): Promise<number> {
  program.option('--verbose', 'print the stack trace behind an error').addHelpText('after', `\n${EXIT_CODES_HELP}`);
  try {
    await program.exitOverride().parseAsync(argv, { from: 'user' });
    return process.exitCode === undefined ? 0 : Number(process.exitCode);
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version arrive here too, with exit code 0.
      return error.exitCode === 0 ? 0 : EXIT_BAD_INPUT;
    }
    const verbose = program.opts().verbose === true;
    if (error instanceof UserFacingError) {
      process.stderr.write(`${error.message}\n`);
      if (verbose) process.stderr.write(`${stackOf(error.cause ?? error)}\n`);
      return error.exitCode;
    }
    // A bug: one line by default, so that users are not handed a wall of frames they cannot act on.
    process.stderr.write(verbose ? `plinth: unexpected error: ${stackOf(error)}\n` : `plinth: unexpected error: ${firstLine(error)} (rerun with --verbose for details)\n`);
    return 1;
  }
}

/** Runs a program on this process's arguments and sets the exit code. */
export function runProcess(program: Command): void {
  void runCommands(program, process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}

/** The stack trace, followed by those of its causes: the root cause (a socket error) is often the telling one. */
function stackOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const own = error.stack ?? error.message;
  return error.cause === undefined ? own : `${own}\ncaused by: ${stackOf(error.cause)}`;
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0];
}

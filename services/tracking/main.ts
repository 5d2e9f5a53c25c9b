import { Command, CommanderError } from 'commander';
import { UserFacingError } from '../cli/exit-codes';
import { registerTrackingCommands } from './cli';

/**
 * The container's entry point: `tracking serve` without the rest of the plinth CLI, so that the
 * image carries the service and nothing of the infrastructure tooling.
 */
const program = new Command('plinth').exitOverride();
registerTrackingCommands(program);
program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof CommanderError) process.exitCode = error.exitCode === 0 ? 0 : 2;
  else if (error instanceof UserFacingError) {
    process.stderr.write(`${error.message}\n`);
    process.exitCode = error.exitCode;
  } else {
    process.stderr.write(`plinth: unexpected error: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  }
});

import { Command } from 'commander';
import { runProcess } from '../cli/run-commands';
import { registerDatabaseCommands } from '../kit/database/bootstrap/bootstrap-command';
import { registerDriftCommands } from './cli';

/**
 * The container's entry point: `drift serve`, `drift compare` and `database bootstrap` (the service's
 * database and login role, run by a Job before the service starts) without the rest of the plinth
 * CLI, so that the image carries the service and nothing of the infrastructure tooling.
 */
const program = new Command('plinth');
registerDriftCommands(program);
registerDatabaseCommands(program);
runProcess(program);

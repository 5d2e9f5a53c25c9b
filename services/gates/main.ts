import { Command } from 'commander';
import { runProcess } from '../cli/run-commands';
import { registerDatabaseCommands } from '../kit/database/bootstrap/bootstrap-command';
import { registerGatesCommands } from './cli';

/**
 * The container's entry point: `gates serve` (and the other gates commands) and `database bootstrap` (the
 * service's database and login role, run by a Job before the service starts) without the rest of the plinth CLI.
 */
const program = new Command('plinth');
registerGatesCommands(program);
registerDatabaseCommands(program);
runProcess(program);

import { Command } from 'commander';
import { runProcess } from '../cli/run-commands';
import { registerDatabaseCommands } from '../kit/database/bootstrap/bootstrap-command';
import { registerTrackingCommands } from './cli';

/**
 * The container's entry point: `tracking serve` and `database bootstrap` (the service's database and
 * login role, run by a Job before the service starts) without the rest of the plinth CLI, so that
 * the image carries the service and nothing of the infrastructure tooling.
 */
const program = new Command('plinth');
registerTrackingCommands(program);
registerDatabaseCommands(program);
runProcess(program);

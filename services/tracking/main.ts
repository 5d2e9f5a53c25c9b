import { Command } from 'commander';
import { runProcess } from '../cli/run-commands';
import { registerTrackingCommands } from './cli';

/**
 * The container's entry point: `tracking serve` without the rest of the plinth CLI, so that the
 * image carries the service and nothing of the infrastructure tooling.
 */
const program = new Command('plinth');
registerTrackingCommands(program);
runProcess(program);

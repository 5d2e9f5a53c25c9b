import { Command } from 'commander';
import { runProcess } from '../cli/run-commands';
import { registerDriftCommands } from './cli';

/**
 * The container's entry point: `drift serve` (and `drift compare`) without the rest of the plinth
 * CLI, so that the image carries the service and nothing of the infrastructure tooling.
 */
const program = new Command('plinth');
registerDriftCommands(program);
runProcess(program);

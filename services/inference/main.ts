import { Command } from 'commander';
import { runProcess } from '../cli/run-commands';
import { registerInferenceCommands } from './cli';

/** The container's entry point: `inference serve` without the rest of the plinth CLI. */
const program = new Command('plinth');
registerInferenceCommands(program);
runProcess(program);

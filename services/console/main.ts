import { Command } from 'commander';
import { runProcess } from '../cli/run-commands';
import { registerConsoleCommands } from './cli';

/** The container's entry point: `console` without the rest of the plinth CLI. */
const program = new Command('plinth');
registerConsoleCommands(program);
runProcess(program);

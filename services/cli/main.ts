import { Command } from 'commander';
import { registerPolicyCommands } from '../../policies/cli';
import { registerDriftCommands } from '../drift/cli';
import { registerTrackingCommands } from '../tracking/cli';
import { registerConfigCommands } from './config-commands';
import { runCommands, runProcess } from './run-commands';

/**
 * `plinth`: one CLI for every Plinth tool. Each command family lives beside the code it drives and
 * registers itself here.
 */
export function buildProgram(): Command {
  const program = new Command('plinth')
    .description('Plinth: ML platform blueprints on AWS and GCP, and the services that run on them')
    .exitOverride()
    .showHelpAfterError();
  registerConfigCommands(program);
  registerPolicyCommands(program);
  registerDriftCommands(program);
  registerTrackingCommands(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  return runCommands(buildProgram(), argv);
}

/** Entry point for bin/plinth.js. */
export function run(): void {
  runProcess(buildProgram());
}

import { Command } from 'commander';
import { registerPolicyCommands } from '../../policies/cli';
import { registerDriftCommands } from '../drift/cli';
import { registerDatabaseCommands } from '../kit/database/bootstrap/bootstrap-command';
import { registerFeatureStoreCommands } from '../feature-store/cli';
import { registerGatesCommands } from '../gates/cli';
import { registerInferenceCommands } from '../inference/cli';
import { registerTrackingCommands } from '../tracking/cli';
import { registerDeliveryCommands } from '../../stacks/delivery/cli';
import { registerCostCommands } from '../cost/cli';
import { registerConsoleCommands } from '../console/cli';
import { registerConfigCommands } from './config-commands';
import { registerHelmCommands } from './helm-commands';
import { runProcess } from './run-commands';

/**
 * `plinth`: one CLI for every Plinth tool. Each command family lives beside the code it drives and
 * registers itself here. Registering loads only commander and option lists: each action loads what
 * it drives (the policy engine, cdktf, Fastify, PGlite…) when it runs, so `--help` and every other
 * command start without them.
 */
export function buildProgram(version: string): Command {
  const program = new Command('plinth')
    .description('Plinth: ML platform blueprints on AWS and GCP, and the services that run on them')
    .version(version, '-V, --version', 'print the version of Plinth')
    .exitOverride()
    .showHelpAfterError();
  registerConfigCommands(program);
  registerPolicyCommands(program);
  registerDriftCommands(program);
  registerTrackingCommands(program);
  registerInferenceCommands(program);
  registerGatesCommands(program);
  registerFeatureStoreCommands(program);
  registerDatabaseCommands(program);
  registerHelmCommands(program);
  registerCostCommands(program);
  registerConsoleCommands(program);
  registerDeliveryCommands(program);
  return program;
}

/** Entry point for bin/plinth.js, which knows where package.json, and so the version, is. */
export function run(version: string): void {
  runProcess(buildProgram(version));
}

import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { UserFacingError } from '../../core/exit-codes';
import { EMULATOR_DESTROY_GAPS, emulatorPlan, type StackResources } from './emulator-gaps';
import { runTerraform, tail } from './terraform';

/** How one delivery command runs Terraform on the synthesized stacks of `outdir`. */
export interface StackRun {
  readonly outdir: string;
  /** The environment talks to the AWS API emulator: leave out what it cannot do (emulator-gaps.ts). */
  readonly emulated: boolean;
  readonly cliConfig: string | undefined;
  /** Progress lines for the user (Terraform's own output stays in the error when a step fails). */
  readonly log: (line: string) => void;
}

export interface AppliedStack {
  readonly stack: string;
  readonly seconds: number;
  /** Addresses left out because the emulator cannot create them, or they refer to one that it cannot. */
  readonly leftOutOnEmulator: readonly string[];
}

export interface DestroyedStack {
  readonly stack: string;
  readonly seconds: number;
  /** Addresses forgotten by the state because the emulator cannot delete them (still in the emulator). */
  readonly leftToEmulator: readonly string[];
}

function stackFolder(run: StackRun, stack: string): string {
  const folder = path.join(run.outdir, 'stacks', stack);
  if (!existsSync(path.join(folder, 'cdk.tf.json'))) throw new UserFacingError(`stack ${stack} was not synthesized into ${run.outdir}`);
  return folder;
}

async function terraformStep(run: StackRun, stack: string, args: readonly string[], what: string): Promise<string> {
  const result = await runTerraform(stackFolder(run, stack), args, run.cliConfig);
  if (result.code !== 0) throw new UserFacingError(`terraform ${what} of ${stack} failed (exit ${result.code}):\n${tail(result.output)}`);
  return result.output;
}

/** `terraform init` then `apply`: on the emulator, of every resource it can create. */
export async function applyStack(run: StackRun, stack: string): Promise<AppliedStack> {
  const started = Date.now();
  run.log(`${stack}: init`);
  await terraformStep(run, stack, ['init', '-input=false'], 'init');
  let targets: string[] = [];
  let leftOutOnEmulator: readonly string[] = [];
  if (run.emulated) {
    const plan = emulatorPlan(JSON.parse(readFileSync(path.join(stackFolder(run, stack), 'cdk.tf.json'), 'utf8')) as StackResources);
    targets = plan.targets.map((address) => `-target=${address}`);
    leftOutOnEmulator = [...plan.gaps, ...plan.blockedByGaps];
  }
  run.log(`${stack}: apply${leftOutOnEmulator.length > 0 ? ` (${leftOutOnEmulator.length} resources the emulator cannot create are left out)` : ''}`);
  await terraformStep(run, stack, ['apply', '-auto-approve', '-input=false', '-parallelism=20', ...targets], 'apply');
  return { stack, seconds: (Date.now() - started) / 1000, leftOutOnEmulator };
}

/** Managed resources in a stack's state (none when it was never applied). */
export async function stateAddresses(run: StackRun, stack: string): Promise<string[]> {
  const result = await runTerraform(stackFolder(run, stack), ['state', 'list'], run.cliConfig);
  // No state yet: terraform says so and exits 0 or 1 depending on the backend; either way, nothing is deployed.
  if (result.code !== 0) return [];
  return result.output.split('\n').filter((line) => line !== '' && !line.startsWith('data.') && !line.includes(' '));
}

/** `terraform init` then `destroy`; a stack with nothing in its state is left alone. */
export async function destroyStack(run: StackRun, stack: string): Promise<DestroyedStack | undefined> {
  const started = Date.now();
  await terraformStep(run, stack, ['init', '-input=false'], 'init');
  const managed = await stateAddresses(run, stack);
  if (managed.length === 0) return undefined;
  const leftToEmulator = run.emulated ? managed.filter((address) => address.split('.')[0]! in EMULATOR_DESTROY_GAPS) : [];
  if (leftToEmulator.length > 0) await terraformStep(run, stack, ['state', 'rm', ...leftToEmulator], 'state rm');
  run.log(`${stack}: destroy (${managed.length} resources)`);
  await terraformStep(run, stack, ['destroy', '-auto-approve', '-input=false', '-parallelism=20'], 'destroy');
  const remaining = await stateAddresses(run, stack);
  if (remaining.length > 0) throw new UserFacingError(`terraform destroy of ${stack} left ${remaining.length} resources in its state: ${remaining.join(', ')}`);
  return { stack, seconds: (Date.now() - started) / 1000, leftToEmulator };
}

/** A stack's outputs, less cdktf's cross-stack plumbing; sensitive ones are named but not shown. */
export async function stackOutputs(run: StackRun, stack: string): Promise<Record<string, unknown>> {
  const output = await terraformStep(run, stack, ['output', '-json'], 'output');
  const outputs = JSON.parse(output) as Record<string, { readonly value: unknown; readonly sensitive: boolean }>;
  return Object.fromEntries(
    Object.entries(outputs)
      .filter(([name]) => !name.startsWith('cross-stack-output-'))
      .map(([name, { value, sensitive }]) => [name, sensitive ? '(sensitive)' : value]),
  );
}

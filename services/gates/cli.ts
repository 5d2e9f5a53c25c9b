import { type Command, Option } from 'commander';
import { parsePositiveInteger } from '../kit/cli/serve-command';
import type { EvaluateFlags } from './evaluate-command';
import type { PromoteFlags } from './registry/promote-command';
import type { RegisterFlags } from './registry/register-command';
import type { RollbackFlags } from './registry/rollback-command';
import { registerGatesClientCommands } from './service/client-commands';
import { registerGatesServeCommand } from './service/serve-command';
import { parseTag } from './tag-flag';

/** The tracking server's URL and where its token is: the same on every registry command. */
function withTrackingOptions(command: Command): Command {
  return command
    .requiredOption('--tracking-url <url>', "the tracking server (MLflow's MLFLOW_TRACKING_URI), e.g. http://127.0.0.1:5000")
    .option('--tracking-token-env <variable>', 'the environment variable holding its bearer token (default: MLFLOW_TRACKING_TOKEN, when set)');
}

/**
 * `plinth gates evaluate` (a candidate against a gate policy on a holdout, for CI), the registry side (register,
 * promote, rollback), and the service with human approval (serve; request, approve, reject as its clients).
 */
export function registerGatesCommands(program: Command): void {
  const gates = program.command('gates').description('Promotion gates: decide whether a model version may be promoted');
  gates
    .command('evaluate')
    .description('Run a candidate ONNX model (and the champion) on a holdout and check every gate of a policy; exit 0 pass, 1 a gate failed or could not be measured, 2 bad input')
    .requiredOption('--policy <file>', 'the gate policy (YAML; services/gates/README.md, "Policy")')
    .requiredOption('--model <file>', "the candidate's ONNX file")
    .requiredOption('--holdout <file>', 'holdout data: CSV with a header row, or Parquet (.parquet, .pq)')
    .option('--champion <file>', "the current champion's ONNX file, for the policy's champion limits")
    .option('--sha256 <digest>', "the candidate's expected sha256 (recorded at registration); a different file is refused")
    .option('--champion-sha256 <digest>', "the champion's expected sha256")
    .addOption(new Option('--tag <name=value>', 'a lineage tag of the candidate (repeatable)').argParser(parseTag).default({}, 'none'))
    .option('--output <file>', 'write the JSON report here')
    .addOption(new Option('--batch-size <rows>', 'rows per batch through the model').argParser(parsePositiveInteger))
    .action(async (flags: EvaluateFlags) => {
      // Loaded when the command runs, so that other plinth commands start without onnxruntime and the metrics.
      const { evaluateCommand } = require('./evaluate-command') as typeof import('./evaluate-command');
      await evaluateCommand(flags);
    });
  withTrackingOptions(
    gates
      .command('register')
      .description('Check an ONNX model, log it as model/model.onnx of a new run and create a registered model version with its sha256 in the plinth.sha256 tag'),
  )
    .requiredOption('--model <name>', 'the registered model (created when new)')
    .requiredOption('--onnx <file>', 'the ONNX model file')
    .option('--experiment <name>', 'the experiment of the run that holds the file (created when new; default: MLflow\'s Default)')
    .option('--description <text>', "the registered model's description: its intended use, shown in model cards")
    .addOption(new Option('--tag <name=value>', 'a lineage tag of the version, e.g. git_commit=3f2a9c1 (repeatable)').argParser(parseTag).default({}, 'none'))
    .action(async (flags: RegisterFlags) => {
      const { registerCommand } = require('./registry/register-command') as typeof import('./registry/register-command');
      await registerCommand(flags);
    });
  withTrackingOptions(
    gates
      .command('promote')
      .description('Evaluate a registered version against the champion, record every gate as tags, and on a pass publish it to the Triton repository and move the champion alias; exit 0 pass or awaiting approval (high risk), 1 not passed, 2 bad input, 3 unavailable'),
  )
    .requiredOption('--model <name>', 'the registered model')
    .requiredOption('--model-version <number>', "the candidate version (not --version: that is plinth's own)")
    .requiredOption('--policy <file>', 'the gate policy (YAML)')
    .requiredOption('--holdout <file>', 'holdout data: CSV with a header row, or Parquet (.parquet, .pq)')
    .requiredOption('--repository <location>', 'the Triton model repository: a folder, s3://bucket/prefix or gs://bucket/prefix')
    .addOption(new Option('--batch-size <rows>', 'rows per batch through the model').argParser(parsePositiveInteger))
    .option('--model-package-group <name>', "mirror the decision into this SageMaker model package group (the foundation's model_registry output): Approved on a pass, Rejected on a fail")
    .addOption(new Option('--max-batch-size <rows>', "the largest batch the inference server forms, written into the published config.pbtxt (default 4, Triton's)").argParser(parsePositiveInteger))
    .action(async (flags: PromoteFlags) => {
      const { promoteCommand } = require('./registry/promote-command') as typeof import('./registry/promote-command');
      await promoteCommand(flags);
    });
  withTrackingOptions(gates.command('rollback').description("Move the champion alias back to 'previous', serve that version from the repository, and print what moved"))
    .requiredOption('--model <name>', 'the registered model')
    .requiredOption('--repository <location>', 'the Triton model repository promote published to: a folder, s3://bucket/prefix or gs://bucket/prefix')
    .option('--model-package-group <name>', "the SageMaker model package group promote mirrored into: the rolled-back version's package becomes Rejected")
    .action(async (flags: RollbackFlags) => {
      const { rollbackCommand } = require('./registry/rollback-command') as typeof import('./registry/rollback-command');
      await rollbackCommand(flags);
    });
  registerGatesServeCommand(gates);
  registerGatesClientCommands(gates);
}

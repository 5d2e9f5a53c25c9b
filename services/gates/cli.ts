import { type Command, Option } from 'commander';
import { parsePositiveInteger } from '../kit/cli/serve-command';
import type { EvaluateFlags } from './evaluate-command';
import { parseTag } from './tag-flag';

/** `plinth gates evaluate`: a candidate model against a gate policy on a holdout, for CI. */
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
}

import { writeFileSync } from 'node:fs';
import { EXIT_FINDINGS, EXIT_OK, UserFacingError } from '../../core/exit-codes';
import { decide } from './decision/decide';
import { formatDecision } from './decision/format-decision';
import { gateReport } from './decision/gate-report';
import { evaluateModels } from './evaluate/evaluate-models';
import { loadPolicy } from './policy/load-policy';

export interface EvaluateFlags {
  readonly policy: string;
  readonly model: string;
  readonly holdout: string;
  readonly champion?: string;
  readonly sha256?: string;
  readonly championSha256?: string;
  readonly tag: Record<string, string>;
  readonly output?: string;
  readonly batchSize?: number;
}

/**
 * `plinth gates evaluate`: the policy, the models and the holdout are checked (exit 2 naming the problem),
 * the gates decided, the table printed and the JSON report written; exit 0 when every gate passes, 1 otherwise.
 */
export async function evaluateCommand(flags: EvaluateFlags): Promise<void> {
  const policy = loadPolicy(flags.policy);
  const evaluation = await evaluateModels({
    policy,
    candidate: flags.model,
    champion: flags.champion,
    holdout: flags.holdout,
    candidateSha256: flags.sha256,
    championSha256: flags.championSha256,
    batchRows: flags.batchSize,
  });
  const decision = decide(policy, evaluation, flags.tag);
  if (flags.output !== undefined) {
    try {
      writeFileSync(flags.output, `${JSON.stringify(gateReport(decision, evaluation, flags.tag), null, 2)}\n`);
    } catch (error) {
      throw new UserFacingError(`--output ${flags.output}: cannot write the report (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
  }
  process.stdout.write(`${formatDecision(decision)}\n`);
  process.exitCode = decision.verdict === 'pass' ? EXIT_OK : EXIT_FINDINGS;
}

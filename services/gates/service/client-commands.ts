import { readFileSync } from 'node:fs';
import { type Command, Option } from 'commander';
import { EXIT_FINDINGS, EXIT_OK, UserFacingError } from '../../../core/exit-codes';
import { parsePositiveInteger } from '../../kit/cli/serve-command';
import { requestJson, serviceBaseUrl, tokenFromEnvironment } from '../../kit/cli/service-client';
import { formatDecision } from '../decision/format-decision';
import type { PromotionAnswer } from './promotion-workflow';

/** The variable the gates service's bearer token is read from unless --gates-token-env names another. */
export const GATES_TOKEN_ENV = 'PLINTH_GATES_TOKEN';

interface GatesClientFlags {
  readonly gatesUrl: string;
  readonly gatesTokenEnv?: string;
}

interface RequestFlags extends GatesClientFlags {
  readonly model: string;
  readonly modelVersion: string;
  readonly holdout: string;
  readonly policy?: string;
  readonly maxBatchSize?: number;
}

interface DecisionFlags extends GatesClientFlags {
  readonly comment?: string;
}

function withGatesOptions(command: Command): Command {
  return command
    .requiredOption('--gates-url <url>', 'the gates service (plinth gates serve), e.g. http://127.0.0.1:8070')
    .option('--gates-token-env <variable>', `the environment variable holding its bearer token (default: ${GATES_TOKEN_ENV}, when set)`);
}

/** `plinth gates request|approve|reject`: the gates service's promotions from a terminal or CI. */
export function registerGatesClientCommands(gates: Command): void {
  withGatesOptions(
    gates
      .command('request')
      .description(
        'Ask the gates service to promote a registered version: it evaluates it and promotes it, refuses it, or (high risk) holds it for an approver; exit 0 promoted or waiting for approval, 1 not passed, 2 bad input, 3 unavailable',
      ),
  )
    .requiredOption('--model <name>', 'the registered model')
    .requiredOption('--model-version <number>', 'the candidate version')
    .requiredOption('--holdout <path>', "the holdout's path under the service's --holdouts location, e.g. churn/holdout.csv")
    .option('--policy <file>', "the gate policy (YAML), sent with the request (default: the registered model's plinth.gate_policy tag)")
    .addOption(new Option('--max-batch-size <rows>', "the published config.pbtxt's max_batch_size (default: the service's)").argParser(parsePositiveInteger))
    .action(async (flags: RequestFlags) => {
      const policy = flags.policy === undefined ? undefined : readPolicy(flags.policy);
      const body = { model: flags.model, version: flags.modelVersion, holdout: flags.holdout, ...(policy === undefined ? {} : { policy }), ...(flags.maxBatchSize === undefined ? {} : { max_batch_size: flags.maxBatchSize }) };
      const answer = await call(flags, 'POST', '/api/gates/promotions', body);
      print(answer, true);
      process.exitCode = answer.promotion.status === 'failed' ? EXIT_FINDINGS : EXIT_OK;
    });
  withGatesOptions(gates.command('approve').description('Approve a high-risk promotion waiting for an approver (an approve token, not the one that requested it): publishes it and moves the champion'))
    .argument('<promotion>', 'the promotion id (plinth gates request prints it)')
    .option('--comment <text>', 'why, recorded in the audit trail, the registry and the model card')
    .action(async (promotion: string, flags: DecisionFlags) => {
      print(await call(flags, 'POST', `/api/gates/promotions/${promotionId(promotion)}/approve`, flags.comment === undefined ? {} : { comment: flags.comment }), false);
    });
  withGatesOptions(gates.command('reject').description('Reject a high-risk promotion waiting for an approver (an approve token): nothing moves, the registry and the audit trail record why'))
    .argument('<promotion>', 'the promotion id')
    .requiredOption('--comment <text>', 'why it is rejected')
    .action(async (promotion: string, flags: DecisionFlags) => {
      print(await call(flags, 'POST', `/api/gates/promotions/${promotionId(promotion)}/reject`, { comment: flags.comment }), false);
    });
}

function readPolicy(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new UserFacingError(`--policy ${file}: cannot read it: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (error as Error).message}`);
  }
}

function promotionId(text: string): string {
  if (!/^[1-9][0-9]{0,15}$/.test(text)) throw new UserFacingError(`promotion "${text}": expected the promotion's id, a whole number from 1 (plinth gates request prints it)`);
  return text;
}

function print(answer: PromotionAnswer, withGates: boolean): void {
  const { promotion } = answer;
  const lines = [
    ...(withGates ? [formatDecision(promotion.decision)] : []),
    ...answer.progress,
    `promotion ${promotion.id}: '${promotion.model}' version ${promotion.version} is ${promotion.status}${promotion.decided_by ? ` (decided by ${promotion.decided_by})` : ''}${promotion.detail ? `: ${promotion.detail}` : ''}`,
    ...(promotion.status === 'pending-approval' ? [`an approver (not ${promotion.requested_by}) runs: plinth gates approve ${promotion.id} --gates-url <url>, or plinth gates reject ${promotion.id} --gates-url <url> --comment <why>`] : []),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** One request to the gates service through the kit's client: a 4xx is exit 2 with the service's message, a 5xx or no answer exit 3. */
async function call(flags: GatesClientFlags, method: string, path: string, body: object): Promise<PromotionAnswer> {
  const target = { service: 'the gates service', urlFlag: '--gates-url', url: flags.gatesUrl, serveCommand: 'plinth gates serve' };
  serviceBaseUrl(target, 'http://127.0.0.1:8070');
  const { token, variable } = tokenFromEnvironment('--gates-token-env', flags.gatesTokenEnv, GATES_TOKEN_ENV);
  return requestJson<PromotionAnswer>({ ...target, token, tokenVariable: variable }, path, { method, body: JSON.stringify(body), contentType: 'application/json' });
}

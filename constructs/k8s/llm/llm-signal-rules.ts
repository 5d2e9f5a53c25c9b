import { join } from 'node:path';
import { PrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule';
import { validateOrExplain } from '../kubernetes-object';
import { alertRulesOfFile } from '../monitoring/alert-rules';

/** The LLM signal rules (recording and alerting): the same file `promtool check rules` and `promtool test rules` (rules/llm.test.yaml) prove. */
export const LLM_RULE_FILE = join(__dirname, 'rules', 'llm.yaml');

/** What a model's tokens cost in one environment. */
export interface LlmModelPrice {
  /** The served model name (VllmServer's `modelName`): the `model_name` label of vLLM's metrics. */
  readonly modelName: string;
  /** USD per 1,000 tokens, prompt and generated alike. */
  readonly pricePerThousandTokensUsd: number;
  /** PlinthLlmTokenCostOverBudget fires when an hour of tokens costs more. @default - no cost alert for the model */
  readonly hourlyBudgetUsd?: number;
}

export interface LlmSignalRulesProps {
  /** The environment (`dev`, `prod`): the `environment` label of the cost series. */
  readonly environment: string;
  /** Every model served in the environment (generator and embeddings). */
  readonly models: readonly LlmModelPrice[];
  /** Where this repository's files can be read, so that each `runbook_url` is a link. @default - the README's path in the repository */
  readonly runbookBaseUrl?: string;
}

type RuleGroup = NonNullable<PrometheusRule['spec']['groups']>[number];

/**
 * The LLM signals as one validated PrometheusRule `plinth-llm`: tokens per second, time to first
 * token, queue depth, KV-cache use, error ratio and token cost, with their alerts (rules/llm.yaml),
 * and the group `plinth-llm-prices` rendered from `models`, which the cost rules join on.
 */
export function llmSignalRules(props: LlmSignalRulesProps): PrometheusRule {
  const fromFile = alertRulesOfFile(LLM_RULE_FILE, 'plinth-llm', props.runbookBaseUrl);
  const rule = new PrometheusRule({ metadata: { name: 'plinth-llm' }, spec: { groups: [...(fromFile.spec.groups ?? []), llmPriceRuleGroup(props)] } });
  validateOrExplain(rule, 'LLM signal rules');
  return rule;
}

/** Each model's price per 1,000 tokens (and hourly budget, when given) as constant series labelled with the model and the environment. */
export function llmPriceRuleGroup(props: Pick<LlmSignalRulesProps, 'environment' | 'models'>): RuleGroup {
  checkPrices(props);
  const constant = (record: string, value: number, modelName: string) => ({ record, expr: `vector(${value})`, labels: { model_name: modelName, environment: props.environment } });
  return {
    name: 'plinth-llm-prices',
    rules: props.models.flatMap((model) => [
      constant('plinth_llm:price_usd_per_1k_tokens', model.pricePerThousandTokensUsd, model.modelName),
      ...(model.hourlyBudgetUsd === undefined ? [] : [constant('plinth_llm:token_budget_usd_per_hour', model.hourlyBudgetUsd, model.modelName)]),
    ]),
  };
}

function checkPrices(props: Pick<LlmSignalRulesProps, 'environment' | 'models'>): void {
  const problems: string[] = [];
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(props.environment)) problems.push(`environment "${props.environment}" must be lower-case letters, digits and "-"`);
  if (props.models.length === 0) problems.push('models is empty: give the price of every model the environment serves');
  const seen = new Set<string>();
  props.models.forEach((model, i) => {
    const at = `models[${i}]`;
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(model.modelName)) problems.push(`${at}.modelName "${model.modelName}" must be letters, digits, ".", "_" and "-"`);
    if (seen.has(model.modelName)) problems.push(`${at}.modelName "${model.modelName}" is given twice; one price per model`);
    seen.add(model.modelName);
    if (!(Number.isFinite(model.pricePerThousandTokensUsd) && model.pricePerThousandTokensUsd >= 0)) problems.push(`${at}.pricePerThousandTokensUsd must be a number of USD of at least 0, got ${model.pricePerThousandTokensUsd}`);
    if (model.hourlyBudgetUsd !== undefined && !(Number.isFinite(model.hourlyBudgetUsd) && model.hourlyBudgetUsd > 0)) problems.push(`${at}.hourlyBudgetUsd must be a number of USD above 0, got ${model.hourlyBudgetUsd}`);
  });
  if (problems.length > 0) throw new Error(`LLM signal rules:\n  ${problems.join('\n  ')}`);
}

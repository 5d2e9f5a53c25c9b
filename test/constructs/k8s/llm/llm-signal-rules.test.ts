import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parse, stringify } from 'yaml';
import { LLM_RULE_FILE, llmPriceRuleGroup, llmSignalRules, type LlmSignalRulesProps } from '../../../../constructs/k8s/llm/llm-signal-rules';
import { requireTools } from '../../../support/tools';

const RULES = path.dirname(LLM_RULE_FILE);
const README = readFileSync(path.join(RULES, '..', 'README.md'), 'utf8');
/** The prices llm.test.yaml is written for (rules/llm-prices.example.yaml). */
const EXAMPLE: LlmSignalRulesProps = {
  environment: 'dev',
  models: [
    { modelName: 'llama-3.1-8b-instruct', pricePerThousandTokensUsd: 0.0005, hourlyBudgetUsd: 0.5 },
    { modelName: 'bge-m3', pricePerThousandTokensUsd: 0.00002, hourlyBudgetUsd: 10 },
  ],
};
const rulesOf = (props: LlmSignalRulesProps) => (llmSignalRules(props).spec.groups ?? []).flatMap((group) => group.rules ?? []);
const alerts = rulesOf(EXAMPLE).filter((rule) => rule.alert);
/** The vLLM 0.31 metrics the rules may read (vllm/v1/metrics/loggers.py: PrometheusStatLogger). */
const VLLM_METRICS = new Set(['vllm:prompt_tokens_total', 'vllm:generation_tokens_total', 'vllm:time_to_first_token_seconds_bucket', 'vllm:num_requests_waiting', 'vllm:kv_cache_usage_perc', 'vllm:request_success_total']);

describe('the LLM signal rules', () => {
  const promtool = requireTools([{ command: 'promtool', install: 'apt-get install prometheus' }]);
  const withPromtool = promtool.available ? it : it.skip;
  const promtoolRun = (args: string[], cwd: string) => spawnSync('promtool', args, { cwd, encoding: 'utf8' });

  withPromtool('pass promtool check rules, as the file and as the PrometheusRule rendered with prices', () => {
    const check = promtoolRun(['check', 'rules', path.basename(LLM_RULE_FILE)], RULES);
    expect({ status: check.status, output: check.stdout + check.stderr }).toEqual({ status: 0, output: expect.stringContaining('SUCCESS: 14 rules found') });
    const folder = mkdtempSync(path.join(tmpdir(), 'plinth-llm-rules-'));
    writeFileSync(path.join(folder, 'rendered.yaml'), stringify({ groups: llmSignalRules(EXAMPLE).spec.groups }));
    const rendered = promtoolRun(['check', 'rules', 'rendered.yaml'], folder);
    expect({ status: rendered.status, output: rendered.stdout + rendered.stderr }).toEqual({ status: 0, output: expect.stringContaining('SUCCESS: 18 rules found') });
  });

  withPromtool('give the worked cost (2,000,000 tokens at 0.0005 USD per 1,000 = 1 USD), fire every alert on what should fire it and stay silent otherwise (promtool test rules)', () => {
    const run = promtoolRun(['test', 'rules', 'llm.test.yaml'], RULES);
    expect({ status: run.status, output: run.stdout + run.stderr }).toEqual({ status: 0, output: expect.stringContaining('SUCCESS') });
    const tests = readFileSync(path.join(RULES, 'llm.test.yaml'), 'utf8');
    const tested = new Set([...tests.matchAll(/alertname: (\S+)/g)].map(([, name]) => name));
    expect([...tested].sort()).toEqual(alerts.map((rule) => rule.alert).sort());
    expect(tests).toMatch(/- expr: plinth_llm:token_cost_usd:increase1h\n\s+eval_time: 30m\n\s+exp_samples:\n\s+- labels: 'plinth_llm:token_cost_usd:increase1h\{model_name="llama-3.1-8b-instruct", environment="dev"\}'\n\s+value: 1\n/);
  });

  withPromtool('promtool test fails when the price is not the one the test expects, so the test above can fail', () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'plinth-llm-rules-'));
    copyFileSync(LLM_RULE_FILE, path.join(folder, 'llm.yaml'));
    copyFileSync(path.join(RULES, 'llm.test.yaml'), path.join(folder, 'llm.test.yaml'));
    const doubled = { environment: 'dev', models: EXAMPLE.models.map((model) => ({ ...model, pricePerThousandTokensUsd: model.pricePerThousandTokensUsd * 2 })) };
    writeFileSync(path.join(folder, 'llm-prices.example.yaml'), stringify({ groups: [llmPriceRuleGroup(doubled)] }));
    const run = promtoolRun(['test', 'rules', 'llm.test.yaml'], folder);
    expect(run.status).not.toBe(0);
    expect(run.stdout + run.stderr).toMatch(/plinth_llm:token_cost_usd:increase1h/);
  });

  it('render each model’s price (and hourly budget) for the environment exactly as the example promtool tests', () => {
    const example = parse(readFileSync(path.join(RULES, 'llm-prices.example.yaml'), 'utf8')) as { groups: unknown[] };
    expect(example.groups).toEqual([llmPriceRuleGroup(EXAMPLE)]);
    const prices = rulesOf({ environment: 'prod', models: [{ modelName: 'llama-3.1-8b-instruct', pricePerThousandTokensUsd: 0.0005 }] }).filter((rule) => rule.record?.startsWith('plinth_llm:price') || rule.record?.startsWith('plinth_llm:token_budget'));
    expect(prices).toEqual([{ record: 'plinth_llm:price_usd_per_1k_tokens', expr: 'vector(0.0005)', labels: { model_name: 'llama-3.1-8b-instruct', environment: 'prod' } }]);
  });

  it('are alerts named PlinthLlm…, each with a severity, a summary, a description and a runbook section in the LLM README', () => {
    expect(alerts.map((rule) => rule.alert)).toEqual(['PlinthLlmTimeToFirstTokenSlow', 'PlinthLlmRequestsQueueing', 'PlinthLlmKvCacheNearlyFull', 'PlinthLlmErrorRateHigh', 'PlinthLlmStalled', 'PlinthLlmTokenCostOverBudget']);
    for (const rule of alerts) {
      expect(['critical', 'warning', 'info']).toContain(rule.labels?.severity);
      expect(rule.annotations?.summary).toBeTruthy();
      expect(rule.annotations?.description).toBeTruthy();
      expect(rule.annotations?.runbook_url).toBe(`constructs/k8s/llm/README.md#${rule.alert!.toLowerCase()}`);
      expect(README).toMatch(new RegExp(`^### ${rule.alert}$`, 'm'));
    }
  });

  it('read only metrics vLLM 0.31 exports', () => {
    const used = rulesOf(EXAMPLE).flatMap((rule) => [...String(rule.expr).matchAll(/\b(vllm:[a-z_]+)/g)].map(([, name]) => name!));
    expect(new Set(used)).toEqual(VLLM_METRICS);
  });

  it('become a PrometheusRule named plinth-llm that validates, with runbooks linked under the base URL given', () => {
    const rule = llmSignalRules({ ...EXAMPLE, runbookBaseUrl: 'https://github.com/acme/plinth/blob/v1.2.0' });
    expect(() => rule.validate()).not.toThrow();
    expect(rule.metadata?.name).toBe('plinth-llm');
    expect((rule.spec.groups ?? []).map((group) => group.name)).toEqual(['plinth-llm', 'plinth-llm-prices']);
    const stalled = (rule.spec.groups ?? []).flatMap((group) => group.rules ?? []).find((r) => r.alert === 'PlinthLlmStalled')!;
    expect(stalled.annotations?.runbook_url).toBe('https://github.com/acme/plinth/blob/v1.2.0/constructs/k8s/llm/README.md#plinthllmstalled');
  });

  it('refuse impossible prices with every problem at once, each with its path', () => {
    const bad = () =>
      llmSignalRules({
        environment: 'Prod',
        models: [
          { modelName: 'llama', pricePerThousandTokensUsd: -1 },
          { modelName: 'llama', pricePerThousandTokensUsd: Number.NaN, hourlyBudgetUsd: 0 },
        ],
      });
    expect(bad).toThrow(/^LLM signal rules:\n/);
    for (const problem of [/environment "Prod" must be lower-case/, /models\[0\]\.pricePerThousandTokensUsd must be a number of USD of at least 0, got -1/, /models\[1\]\.modelName "llama" is given twice/, /models\[1\]\.pricePerThousandTokensUsd .* got NaN/, /models\[1\]\.hourlyBudgetUsd must be a number of USD above 0, got 0/]) {
      expect(bad).toThrow(problem);
    }
    expect(() => llmSignalRules({ environment: 'dev', models: [] })).toThrow(/models is empty/);
  });
});

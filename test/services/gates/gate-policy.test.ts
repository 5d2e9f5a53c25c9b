import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ConfigError } from '../../../core/config/problems';
import { EXIT_BAD_INPUT } from '../../../core/exit-codes';
import { parsePolicy } from '../../../services/gates/policy/load-policy';

/** The problems of a policy that must be refused, as `line:column path: message`. */
function problems(yaml: string): string[] {
  try {
    parsePolicy(yaml, 'policy.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).exitCode).toBe(EXIT_BAD_INPUT);
    return (error as ConfigError).problems.map((problem) => `${problem.line}:${problem.column} ${problem.path}: ${problem.message}`);
  }
  throw new Error('the policy was accepted');
}

const VALID = `task: classification
label: churned
features:
  input: features
  columns: [a, b]
metrics:
  accuracy: { min: 0.8 }
risk: low
`;

describe('gate policy files', () => {
  it('accepts the complete example of the README as it is printed there', () => {
    const readme = readFileSync(path.join(__dirname, '../../../services/gates/README.md'), 'utf8');
    const example = /## Policy[\s\S]*?```yaml\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(example).toBeDefined();
    const policy = parsePolicy(example!, 'README.md');
    expect(policy.task).toBe('classification');
    expect(Object.keys(policy.metrics ?? {})).toEqual(['accuracy', 'f1', 'roc_auc', 'log_loss']);
    expect(policy.latency).toEqual({ p95Ms: 20, batchSize: 64, samples: 200 });
    expect(policy.lineage?.required).toEqual(['git_commit', 'dataset_version', 'training_image']);
    expect(policy.risk).toBe('high');
  });

  it('fills in the latency defaults: batches of one row, 100 samples', () => {
    const policy = parsePolicy(`${VALID}latency: { p95Ms: 5 }\n`, 'policy.yaml');
    expect(policy.latency).toEqual({ p95Ms: 5, batchSize: 1, samples: 100 });
  });

  it('reports every typo at once with its path, line, column and a did-you-mean', () => {
    const yaml = `task: classification
label: churned
features:
  columns: [a]
metrics:
  acuracy: { min: 0.8 }
  f1: { min: 0.5, average: marco }
slices:
  - column: region
    metric: recall
    maxgap: 0.1
risk: hihg
`;
    expect(problems(yaml)).toEqual([
      '6:3 metrics.acuracy: unknown key "acuracy" (did you mean "accuracy"?); allowed keys: accuracy, precision, recall, f1, roc_auc, log_loss',
      '7:28 metrics.f1.average: found "marco" (did you mean "macro"?); allowed: "binary", "macro", "micro", "weighted"',
      // maxgap is not maxGap, so the slice checks nothing.
      '9:5 slices[0]: needs worstMin, maxGap or both',
      '11:13 slices[0].maxgap: unknown key "maxgap" (did you mean "maxGap"?); allowed keys: column, metric, average, values, worstMin, worstMax, maxGap',
      '12:7 risk: found "hihg" (did you mean "high"?); allowed: "low", "medium", "high"',
    ]);
  });

  it('refuses a metric of the other task, naming the metrics the task has', () => {
    expect(problems(VALID.replace('accuracy: { min: 0.8 }', 'rmse: { max: 1 }'))).toEqual([
      '7:3 metrics.rmse: unknown key "rmse"; allowed keys: accuracy, precision, recall, f1, roc_auc, log_loss',
    ]);
  });

  it('refuses an unknown task with a did-you-mean', () => {
    expect(problems(VALID.replace('task: classification', 'task: clasification'))).toEqual([
      '1:7 task: found "clasification" (did you mean "classification"?); allowed: "classification", "regression"',
    ]);
  });

  it('refuses a threshold without bounds, a worst slice bound in the wrong direction, and a missing risk class', () => {
    const yaml = `task: regression
label: y
features: { columns: [a] }
metrics:
  rmse: {}
slices:
  - column: segment
    metric: rmse
    worstMin: 0.5
`;
    expect(problems(yaml)).toEqual([
      '1:1 risk: missing; allowed: "low", "medium", "high"',
      '5:3 metrics.rmse: needs min, max or both',
      '9:15 slices[0].worstMin: rmse is better when lower: its worst slice is its highest, so set worstMax',
    ]);
  });

  it('refuses YAML that does not parse, with its line', () => {
    expect(problems('task: classification\nlabel: [unclosed\n')[0]).toMatch(/^\d+:\d+ : YAML syntax error/);
  });
});

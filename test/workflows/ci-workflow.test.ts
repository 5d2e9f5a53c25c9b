import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../support/synth';
import { type Step, jobsOf, workflowFiles } from './workflow-files';

/** How ci.yml provides each tool that .ci/run demands up front: a step that installs it. */
const PROVIDED_BY: Record<string, (step: Step) => boolean> = {
  node: (step) => step.uses?.startsWith('actions/setup-node@') === true,
  npm: (step) => step.uses?.startsWith('actions/setup-node@') === true,
  terraform: (step) => step.uses?.startsWith('hashicorp/setup-terraform@') === true,
  moto_server: (step) => /pip install "moto\[server\]/.test(step.run ?? ''),
  initdb: (step) => step.run === 'bash scripts/install-test-tools.sh',
  pg_ctl: (step) => step.run === 'bash scripts/install-test-tools.sh',
};

describe('ci.yml runs the README’s test command on a GitHub runner', () => {
  const ci = workflowFiles().find((workflow) => workflow.file.endsWith('ci.yml'))!;
  const job = jobsOf(ci).test as { steps: Step[]; env: Record<string, string> };
  const script = readFileSync(path.join(REPO_ROOT, '.ci', 'run'), 'utf8');

  it('installs every tool .ci/run requires before running it, as its last step but the upload of failures\' screenshots', () => {
    const required = /^for tool in (.+); do$/m.exec(script)![1].split(' ');
    expect(required.filter((tool) => !job.steps.some((step) => PROVIDED_BY[tool]?.(step)))).toEqual([]);
    // After it only what a failure leaves behind: the browser tests' screenshots.
    const run = job.steps.findIndex((step) => step.run === 'bash .ci/run');
    expect(run).toBeGreaterThan(0);
    expect(job.steps.slice(run + 1)).toEqual([expect.objectContaining({ if: 'failure()', uses: expect.stringMatching(/^actions\/upload-artifact@/), with: expect.objectContaining({ path: 'test-artifacts/' }) })]);
    expect(job.env.CI).toBe('true');
  });

  it('opts out of the Checkov conformance test, which .ci/run opts into unless told otherwise', () => {
    expect(job.env.PLINTH_CHECKOV_CONFORMANCE).toBe('0');
    expect(script).toContain('export PLINTH_CHECKOV_CONFORMANCE="${PLINTH_CHECKOV_CONFORMANCE:-1}"');
  });
});

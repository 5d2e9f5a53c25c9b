import { type Step, actionFiles, jobsOf, workflowFiles } from './workflow-files';

interface ActionInput {
  readonly required?: boolean;
  readonly default?: string;
}

/** actionlint checks the inputs of published actions, not of this repository's own: this does. */
describe('the repository’s composite actions are called with the inputs they declare', () => {
  const actions = new Map(actionFiles().map((action) => [`./${action.file.replace(/\/action\.yml$/, '')}`, (action.doc.inputs ?? {}) as Record<string, ActionInput>]));
  const calls = workflowFiles().flatMap((workflow) =>
    Object.entries(jobsOf(workflow)).flatMap(([job, definition]) =>
      (definition.steps ?? []).filter((step): step is Step & { uses: string } => step.uses?.startsWith('./.github/actions/') === true).map((step) => ({ where: `${workflow.file} job ${job}`, step })),
    ),
  );

  it('finds the calls', () => {
    expect(calls.length).toBeGreaterThan(10);
  });

  it.each(calls.map((call) => [`${call.where}: ${call.step.uses}`, call] as const))('%s', (_name, { step }) => {
    const inputs = actions.get(step.uses);
    expect(inputs).toBeDefined();
    const given = Object.keys(step.with ?? {});
    expect(given.filter((name) => !(name in inputs!))).toEqual([]);
    const missing = Object.entries(inputs!).filter(([name, input]) => input.required && input.default === undefined && !given.includes(name));
    expect(missing.map(([name]) => name)).toEqual([]);
  });
});

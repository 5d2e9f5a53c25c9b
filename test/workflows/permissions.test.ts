import { type GitHubFile, type Job, jobsOf, workflowFiles } from './workflow-files';

/**
 * Least privilege: a workflow grants nothing by default (`permissions: {}`, or read-only contents), and
 * each job asks for what its steps use and no more. Each write permission is tied to what needs it.
 */
const NEEDS: Record<string, { readonly why: string; readonly uses: (job: Job, workflow: GitHubFile) => boolean }> = {
  'id-token': { why: 'a GitHub OIDC token for the cloud login', uses: (job, workflow) => callsCloudLogin(job, workflow) },
  'security-events': { why: 'the SARIF upload to code scanning', uses: (job) => stepUses(job, 'github/codeql-action/upload-sarif') },
  'pull-requests': {
    why: 'the sticky comment, or the preview label',
    uses: (job) => stepUses(job, './.github/actions/sticky-comment') || (job.steps ?? []).some((step) => /gh api .*\/labels/.test(step.run ?? '')),
  },
};

function stepUses(job: Job, action: string): boolean {
  return (job.steps ?? []).some((step) => step.uses?.split('@')[0] === action);
}

/** A job logs in to the cloud itself, or calls a reusable workflow of this repository that does. */
function callsCloudLogin(job: Job, workflow: GitHubFile): boolean {
  if (stepUses(job, './.github/actions/cloud-login')) return true;
  if (!job.uses) return false;
  const called = workflowFiles().find((other) => `./${other.file}` === job.uses);
  if (!called) throw new Error(`${workflow.file}: ${job.uses} is not a workflow of this repository`);
  return Object.values(jobsOf(called)).some((calledJob) => callsCloudLogin(calledJob, called));
}

function grants(permissions: unknown): Record<string, string> {
  return permissions !== null && typeof permissions === 'object' ? (permissions as Record<string, string>) : {};
}

describe('permissions', () => {
  const workflows = workflowFiles();

  it.each(workflows.map((workflow) => [workflow.file, workflow] as const))('%s grants nothing but read access at the top', (_file, workflow) => {
    expect(workflow.doc.permissions).toBeDefined();
    expect(Object.values(grants(workflow.doc.permissions)).filter((level) => level !== 'read')).toEqual([]);
    expect(typeof workflow.doc.permissions).not.toBe('string');
  });

  it.each(workflows.map((workflow) => [workflow.file, workflow] as const))('%s: every job declares its own permissions, each write one used', (_file, workflow) => {
    for (const [name, job] of Object.entries(jobsOf(workflow))) {
      const where = `${workflow.file} job ${name}`;
      expect({ where, permissions: job.permissions === undefined || typeof job.permissions === 'string' ? job.permissions ?? 'missing' : 'declared' }).toEqual({ where, permissions: 'declared' });
      for (const [scope, level] of Object.entries(grants(job.permissions))) {
        if (level === 'read' || level === 'none') continue;
        const need = NEEDS[scope];
        expect({ where, scope, allowed: need !== undefined && need.uses(job, workflow) }).toEqual({ where, scope, allowed: true });
      }
      // The converse: a job that needs a permission and lacks it fails on GitHub, not here.
      for (const [scope, need] of Object.entries(NEEDS)) {
        if (need.uses(job, workflow)) expect({ where, scope, level: grants(job.permissions)[scope] }).toEqual({ where, scope, level: 'write' });
      }
    }
  });

  it('only the jobs that reach a cloud can ask GitHub for an OIDC token', () => {
    const withToken = workflows.flatMap((workflow) =>
      Object.entries(jobsOf(workflow))
        .filter(([, job]) => grants(job.permissions)['id-token'] === 'write')
        .map(([name]) => `${workflow.file}:${name}`),
    );
    expect(withToken.sort()).toEqual(
      [
        '.github/workflows/deploy-environment.yml:deploy',
        '.github/workflows/deploy.yml:dev',
        '.github/workflows/deploy.yml:prod',
        '.github/workflows/deploy.yml:staging',
        '.github/workflows/janitor.yml:janitor',
        '.github/workflows/preview.yml:down',
        '.github/workflows/preview.yml:up',
        '.github/workflows/pull-request.yml:plan',
        '.github/workflows/release.yml:release',
      ].sort(),
    );
  });

  it('fork pull requests get no plan, comment or cloud job', () => {
    const pullRequest = workflows.find((workflow) => workflow.file.endsWith('pull-request.yml'))!;
    const jobs = jobsOf(pullRequest) as Record<string, Job & { if?: string }>;
    for (const name of ['plan', 'report']) expect(jobs[name].if).toContain('!github.event.pull_request.head.repo.fork');
    expect(grants(jobs.synth.permissions)).toEqual({ contents: 'read' });
  });
});

import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT } from '../support/synth';

export const WORKFLOWS = path.join(REPO_ROOT, '.github', 'workflows');
export const ACTIONS = path.join(REPO_ROOT, '.github', 'actions');

/** A workflow or composite action file: its text (the pin comments live there) and its parsed YAML. */
export interface GitHubFile {
  /** Relative to the repository root. */
  readonly file: string;
  readonly text: string;
  readonly doc: Record<string, unknown>;
}

function read(file: string): GitHubFile {
  const text = readFileSync(file, 'utf8');
  return { file: path.relative(REPO_ROOT, file), text, doc: parse(text) as Record<string, unknown> };
}

export function workflowFiles(): GitHubFile[] {
  return readdirSync(WORKFLOWS)
    .filter((name) => /\.ya?ml$/.test(name))
    .map((name) => read(path.join(WORKFLOWS, name)));
}

/** The repository's own composite actions (`uses: ./.github/actions/<name>`). */
export function actionFiles(): GitHubFile[] {
  return readdirSync(ACTIONS).map((name) => read(path.join(ACTIONS, name, 'action.yml')));
}

export interface Step {
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, unknown>;
  readonly env?: Record<string, unknown>;
}

export interface Job {
  readonly permissions?: unknown;
  readonly uses?: string;
  readonly steps?: readonly Step[];
  readonly environment?: unknown;
}

export function jobsOf(workflow: GitHubFile): Record<string, Job> {
  return (workflow.doc.jobs ?? {}) as Record<string, Job>;
}

/** Every `uses:` value of a workflow's steps and reusable-workflow calls, or of a composite action's steps. */
export function usesOf(file: GitHubFile): string[] {
  const steps: Step[] = file.doc.jobs
    ? Object.values(jobsOf(file)).flatMap((job) => [...(job.uses ? [{ uses: job.uses }] : []), ...(job.steps ?? [])])
    : (((file.doc.runs as { steps?: Step[] } | undefined)?.steps ?? []) as Step[]);
  return steps.flatMap((step) => (step.uses ? [step.uses] : []));
}

import type { PageProps } from '../../router';

/** Placeholder until its page lands (issue 14). */
export function RunsPage(_props: PageProps) {
  return <h1>RunsPage</h1>;
}

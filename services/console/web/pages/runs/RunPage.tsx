import type { PageProps } from '../../router';

/** Placeholder until its page lands (issue 14). */
export function RunPage(_props: PageProps) {
  return <h1>RunPage</h1>;
}

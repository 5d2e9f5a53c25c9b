import type { PageProps } from '../../router';

/** Placeholder until its page lands (issue 14). */
export function ServingPage(_props: PageProps) {
  return <h1>ServingPage</h1>;
}

import type { PageProps } from '../../router';

/** Placeholder until its page lands (issue 14). */
export function DriftPage(_props: PageProps) {
  return <h1>DriftPage</h1>;
}

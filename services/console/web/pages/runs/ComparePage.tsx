import type { PageProps } from '../../router';

/** Placeholder until its page lands (issue 14). */
export function ComparePage(_props: PageProps) {
  return <h1>ComparePage</h1>;
}

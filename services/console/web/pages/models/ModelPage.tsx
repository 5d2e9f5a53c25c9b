import type { PageProps } from '../../router';

/** Placeholder until its page lands (issue 14). */
export function ModelPage(_props: PageProps) {
  return <h1>ModelPage</h1>;
}

import type { PageProps } from '../../router';

/** Placeholder until its page lands (issue 14). */
export function ModelsPage(_props: PageProps) {
  return <h1>ModelsPage</h1>;
}

import type { PageProps } from '../../router';

/** Placeholder until its page lands (issue 14). */
export function DriftModelsPage(_props: PageProps) {
  return <h1>DriftModelsPage</h1>;
}

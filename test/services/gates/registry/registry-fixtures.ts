import { buildProgram } from '../../../../services/cli/main';
import { runCommands } from '../../../../services/cli/run-commands';
import { CLASSIFIER_POLICY, FILES, temporaryFolder, writeFile } from '../evaluation-fixtures';

export interface CommandRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * `plinth <args>` in this process, as bin/plinth.js runs it (the same program, error handling and exit
 * codes), with its output captured: a child process per command would cost seconds of start-up each.
 */
export async function plinth(...args: string[]): Promise<CommandRun> {
  let stdout = '';
  let stderr = '';
  const out = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((stdout += chunk.toString()), true));
  const err = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((stderr += chunk.toString()), true));
  try {
    const code = await runCommands(buildProgram('test'), args);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
    process.exitCode = undefined;
  }
}

const folder = temporaryFolder();

/** The test policy: passes the committed classifier (accuracy 0.8875), fails the worse one (0.7083). */
export function promotionPolicy(risk: 'low' | 'medium' | 'high' = 'low'): string {
  return writeFile(
    folder,
    `promotion-${risk}.yaml`,
    `${CLASSIFIER_POLICY.replace('risk: medium', `risk: ${risk}`)}metrics: { accuracy: { min: 0.85 }, roc_auc: { min: 0.85 } }
champion: { accuracy: { maxDrop: 0.01 } }
slices: [{ column: region, metric: accuracy, worstMin: 0.5 }]
lineage: { required: [git_commit] }
`,
  );
}

export { FILES };

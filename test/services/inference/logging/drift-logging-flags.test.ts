import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Command, CommanderError } from 'commander';
import { EXIT_BAD_INPUT, UserFacingError } from '../../../../core/exit-codes';
import { type InferenceServeFlags, registerInferenceCommands } from '../../../../services/inference/cli';
import { driftLoggingFromFlags } from '../../../../services/inference/logging/drift-logging-flags';

let folder: string;
beforeAll(() => {
  folder = mkdtempSync(path.join(tmpdir(), 'plinth-drift-flags-'));
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function program(): Command {
  const root = new Command('plinth').exitOverride().configureOutput({ writeErr: () => undefined });
  registerInferenceCommands(root);
  return root;
}

/** `plinth inference serve …` parsed as the CLI parses it; the server is not started, the flags are turned into logging options. */
async function loggingOptions(args: string[], env: NodeJS.ProcessEnv = {}) {
  const root = program();
  const serve = root.commands.find((command) => command.name() === 'inference')!.commands.find((command) => command.name() === 'serve')!;
  let result: Awaited<ReturnType<typeof driftLoggingFromFlags>> | Error | undefined;
  serve.action(async (flags: InferenceServeFlags, command: Command) => {
    result = await driftLoggingFromFlags(flags, command, env).catch((error: Error) => error);
  });
  await root.parseAsync(['inference', 'serve', '--model-repository', folder, ...args], { from: 'user' });
  return result;
}

/** `plinth inference serve …` run in this process as the CLI runs it: resolves to its refusal. */
async function serveRefusal(args: string[]): Promise<UserFacingError> {
  try {
    await program().parseAsync(['inference', 'serve', '--model-repository', folder, '--port', '0', ...args], { from: 'user' });
  } catch (error) {
    if (error instanceof UserFacingError) return error;
    throw error;
  }
  throw new Error('plinth inference serve started instead of refusing');
}

describe('plinth inference serve --drift-*', () => {
  it('turns the flags into logging options, with the token read from the variable named', async () => {
    const columns = path.join(folder, 'columns.yaml');
    writeFileSync(columns, 'models:\n  churn:\n    inputs: { features: [age, tenure, spend, tickets] }\n    prediction: label\n');
    const options = await loggingOptions(
      ['--drift-url', 'http://drift:8090', '--drift-token-env', 'DRIFT_TOKEN', '--drift-sample-rate', '0.25', '--drift-batch-rows', '200', '--drift-flush-seconds', '5', '--drift-drop-columns', 'email, phone', '--drift-drop-columns', 'ssn', '--drift-columns', columns],
      { DRIFT_TOKEN: 'secret-1' },
    );
    expect(options).toEqual({
      url: 'http://drift:8090',
      token: 'secret-1',
      sampleRate: 0.25,
      batchRows: 200,
      flushMs: 5000,
      dropColumns: ['email', 'phone', 'ssn'],
      columns: { churn: { inputs: { features: ['age', 'tenure', 'spend', 'tickets'] }, prediction: 'label' } },
    });
    expect(await loggingOptions([])).toBeUndefined();
    expect(await loggingOptions(['--drift-url', 'http://drift:8090'])).toEqual({ url: 'http://drift:8090', sampleRate: 1, batchRows: 500, flushMs: 10_000, dropColumns: [] });
  });

  it('refuses drift flags without --drift-url, naming them', async () => {
    const error = await loggingOptions(['--drift-sample-rate', '0.5', '--drift-drop-columns', 'email']);
    expect((error as Error).message).toBe("--drift-sample-rate, --drift-drop-columns need --drift-url (the drift service's base URL, e.g. http://drift:8090)");
  });

  it('refuses a sample rate outside 0 to 1 with what would be valid', async () => {
    const refusal = await program()
      .parseAsync(['inference', 'serve', '--model-repository', folder, '--drift-url', 'http://d', '--drift-sample-rate', '1.5'], { from: 'user' })
      .catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(CommanderError);
    expect((refusal as CommanderError).message).toMatch(/--drift-sample-rate.*'1.5' is not a share from 0 to 1/);
  });

  it.each([
    ['a token variable that is not set', ['--drift-url', 'http://drift:8090', '--drift-token-env', 'PLINTH_TEST_UNSET_DRIFT_TOKEN'], /--drift-token-env PLINTH_TEST_UNSET_DRIFT_TOKEN: the variable is not set or empty/],
    ['a URL that is not one', ['--drift-url', 'drift:8090'], /--drift-url 'drift:8090': drift: is not http: or https:/],
    ['a column file with a typo', ['--drift-url', 'http://drift:8090', '--drift-columns', 'TYPO_FILE'], /--drift-columns .*columns-typo\.yaml: models\.churn: Unrecognized key: "predicton"/],
  ])('exits with code 2 on %s, naming the flag', async (_what, args, message) => {
    const typo = path.join(folder, 'columns-typo.yaml');
    writeFileSync(typo, 'models:\n  churn:\n    predicton: label\n');
    const error = await serveRefusal(args.map((arg) => (arg === 'TYPO_FILE' ? typo : arg)));
    expect(error.exitCode).toBe(EXIT_BAD_INPUT);
    expect(error.message).toMatch(message);
  });
});

import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { readDefaultConfig, REPO_ROOT, synthApp, writeTempConfig } from '../support/synth';
import { offlineCliConfig, requireTerraformWithMirror, tail, terraform } from '../support/terraform';

jest.setTimeout(10 * 60_000);

const mirror = requireTerraformWithMirror();
const describeWithTools = mirror ? describe : describe.skip;

interface Config {
  readonly platform: string;
  readonly cloud: { readonly provider: string };
  readonly environments: Record<string, unknown>;
}

/** platform.yaml and every committed example (examples/*.yaml): what users start from. */
const configs: { readonly file: string; readonly text: string; readonly config: Config }[] = [
  { file: 'platform.yaml', text: readDefaultConfig() },
  ...readdirSync(path.join(REPO_ROOT, 'examples'))
    .filter((name) => name.endsWith('.yaml'))
    .map((name) => ({ file: `examples/${name}`, text: readFileSync(path.join(REPO_ROOT, 'examples', name), 'utf8') })),
]
  .map((entry) => ({ ...entry, config: parse(entry.text) as Config }))
  // Terraform's AWS provider is what the local mirror holds; GCP configs are checked on their JSON (test/stacks).
  .filter(({ config }) => config.cloud.provider === 'aws');

/** The emulator end-to-end test applies (and validates) examples/llm-rag.yaml's `local`; every other foundation is validated here. */
const stacks = configs.flatMap(({ file, config }) =>
  Object.keys(config.environments)
    .filter((environment) => !(file === 'examples/llm-rag.yaml' && environment === 'local'))
    .map((environment) => ({ file, stack: `${config.platform}-${environment}-foundation` })),
);

describeWithTools('terraform validate on the foundation stack of every environment of platform.yaml and the examples', () => {
  const outdirs = new Map<string, string>();
  let cliConfig: string;

  beforeAll(() => {
    cliConfig = offlineCliConfig(mirror!);
    for (const { file, text } of configs) {
      const synth = synthApp(writeTempConfig(text));
      expect({ file, status: synth.status, stderr: synth.stderr }).toMatchObject({ status: 0 });
      outdirs.set(file, synth.outdir);
    }
  });

  it('covers platform.yaml and at least one example of each blueprint beyond startup', () => {
    expect(configs.map(({ config }) => (config as unknown as { blueprint: string }).blueprint)).toEqual(expect.arrayContaining(['startup', 'realtime', 'llm-rag']));
    expect(stacks.length).toBeGreaterThan(configs.length);
  });

  it.each(stacks)('$file $stack: the real AWS provider schema accepts every resource', async ({ file, stack }) => {
    const stackDir = path.join(outdirs.get(file)!, 'stacks', stack);
    const init = await terraform(stackDir, ['init', '-input=false', '-backend=false'], cliConfig);
    expect({ code: init.code, output: tail(init.output) }).toMatchObject({ code: 0 });
    const validate = await terraform(stackDir, ['validate'], cliConfig);
    expect({ code: validate.code, output: tail(validate.output) }).toMatchObject({ code: 0 });
  });
});

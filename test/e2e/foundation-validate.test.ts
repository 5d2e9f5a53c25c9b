import * as path from 'node:path';
import { parse } from 'yaml';
import { readDefaultConfig, synthApp, writeTempConfig } from '../support/synth';
import { offlineCliConfig, requireTerraformWithMirror, tail, terraform } from '../support/terraform';

jest.setTimeout(5 * 60_000);

const mirror = requireTerraformWithMirror();
const describeWithTools = mirror ? describe : describe.skip;

const config = parse(readDefaultConfig()) as { platform: string; environments: Record<string, unknown> };
/** The emulator end-to-end test proves `local`; every other environment of the default config is validated here. */
const environments = Object.keys(config.environments).filter((name) => name !== 'local');

describeWithTools('terraform validate on the foundation stack of every other environment of platform.yaml', () => {
  let outdir: string;
  let cliConfig: string;

  beforeAll(() => {
    cliConfig = offlineCliConfig(mirror!);
    const synth = synthApp(writeTempConfig(readDefaultConfig()));
    expect(synth.status).toBe(0);
    outdir = synth.outdir;
  });

  it('covers at least one environment', () => {
    expect(environments.length).toBeGreaterThan(0);
  });

  it.each(environments)('%s: the real AWS provider schema accepts every resource', async (environment) => {
    const stackDir = path.join(outdir, 'stacks', `${config.platform}-${environment}-foundation`);
    const init = await terraform(stackDir, ['init', '-input=false', '-backend=false'], cliConfig);
    expect({ code: init.code, output: tail(init.output) }).toMatchObject({ code: 0 });
    const validate = await terraform(stackDir, ['validate'], cliConfig);
    expect({ code: validate.code, output: tail(validate.output) }).toMatchObject({ code: 0 });
  });
});

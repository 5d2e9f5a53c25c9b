import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { SERVICE_IMAGES } from '../../services/cli/service-images';
import { runPlinth } from '../support/plinth-cli';
import { REPO_ROOT, readDefaultConfig, stackJson, synthApp, writeTempConfig } from '../support/synth';

/** The default platform plus what CI deploys: dev and ml-prod with remote state; `local` stays on the emulator. */
const CONFIG = readDefaultConfig().replace(
  '  dev:\n    budget:\n      monthlyUsd: 800\n',
  [
    '  dev:',
    '    budget:',
    '      monthlyUsd: 800',
    '    backend: { type: s3, bucket: acme-ml-state, dynamodbTable: acme-ml-locks }',
    '  ml-prod:',
    '    production: true',
    '    cloud: { region: eu-central-1 }',
    '    backend: { type: s3, bucket: acme-ml-state, dynamodbTable: acme-ml-locks }',
    '',
  ].join('\n'),
);

interface Listed {
  readonly environments: string[];
  readonly stacks: { name: string; environment: string; layer: string; region: string; deployable: boolean; planRoleVariable: string }[];
}

describe('plinth config stacks and images: what the GitHub workflows plan, deploy and release', () => {
  const config = writeTempConfig(CONFIG);
  let outdir = '';
  beforeAll(() => {
    const synth = synthApp(config);
    expect(synth).toMatchObject({ status: 0 });
    outdir = synth.outdir;
  }, 120_000);

  const stacks = async (...args: string[]) => {
    const result = await runPlinth(['config', 'stacks', outdir, '--config', config, '--format', 'json', ...args]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    return JSON.parse(result.stdout) as Listed;
  };

  it('lists every synthesized stack with its environment, in apply order, and which of them CI can deploy', async () => {
    const listed = await stacks();
    expect(listed.stacks.map((stack) => [stack.name, stack.environment, stack.layer, stack.deployable])).toEqual([
      ['acme-ml-dev-foundation', 'dev', 'foundation', true],
      ['acme-ml-dev-workloads', 'dev', 'workloads', true],
      ['acme-ml-ml-prod-foundation', 'ml-prod', 'foundation', true],
      ['acme-ml-ml-prod-workloads', 'ml-prod', 'workloads', true],
      ['acme-ml-local-foundation', 'local', 'foundation', false],
      ['acme-ml-local-workloads', 'local', 'workloads', false],
    ]);
    expect(listed.environments).toEqual(['dev', 'ml-prod']);
    const text = await runPlinth(['config', 'stacks', outdir, '--config', config, '--env', 'local']);
    expect(text).toMatchObject({
      code: 0,
      stdout: [
        'acme-ml-local-foundation  local  foundation  not deployable from CI (emulator or local state)',
        'acme-ml-local-workloads  local  workloads  not deployable from CI (emulator or local state)',
        '',
      ].join('\n'),
    });
  });

  it('names the repository variable of each environment’s plan role as the README says (upper case, `-` as `_`) and its region', async () => {
    const prod = (await stacks('--env', 'ml-prod', '--deployable')).stacks;
    expect(prod.map((stack) => [stack.name, stack.planRoleVariable, stack.region])).toEqual([
      ['acme-ml-ml-prod-foundation', 'PLINTH_CI_PLAN_ROLE_ML_PROD', 'eu-central-1'],
      ['acme-ml-ml-prod-workloads', 'PLINTH_CI_PLAN_ROLE_ML_PROD', 'eu-central-1'],
    ]);
  });

  it('--changed-since lists only the stacks whose Terraform differs from the base, or that the base lacks', async () => {
    const base = path.join(mkdtempSync(path.join(tmpdir(), 'plinth-base-')), 'cdktf.out');
    cpSync(outdir, base, { recursive: true });
    expect((await stacks('--changed-since', base)).stacks).toEqual([]);

    // Formatting, key order and Terraform's ignored "//" comments (a resource's source line moved) are
    // no change; a changed attribute is.
    const reformatted = path.join(base, 'stacks', 'acme-ml-dev-foundation', 'cdk.tf.json');
    const text = readFileSync(reformatted, 'utf8');
    expect(text).toMatch(/"plinth_source": "constructs\/aws\/[a-z-]+\.ts:\d+"/);
    const json = JSON.parse(text.replace(/("plinth_source": "[^"]+:)(\d+)"/g, (_all, prefix: string, line: string) => `${prefix}${Number(line) + 3}"`)) as Record<string, unknown>;
    writeFileSync(reformatted, JSON.stringify(Object.fromEntries(Object.entries(json).reverse())));
    const changed = path.join(base, 'stacks', 'acme-ml-ml-prod-workloads', 'cdk.tf.json');
    writeFileSync(changed, readFileSync(changed, 'utf8').replace('"plinth"', '"plinth-old"'));
    writeFileSync(path.join(base, 'stacks', 'acme-ml-dev-workloads', 'cdk.tf.json'), '{}');

    expect((await stacks('--changed-since', base, '--deployable')).stacks.map((stack) => stack.name)).toEqual(['acme-ml-dev-workloads', 'acme-ml-ml-prod-workloads']);
    const fresh = mkdtempSync(path.join(tmpdir(), 'plinth-no-base-'));
    expect((await stacks('--changed-since', fresh, '--deployable')).stacks).toHaveLength(4);
  });

  it('refuses what it cannot answer, saying what would be valid', async () => {
    const unknownEnv = await runPlinth(['config', 'stacks', outdir, '--config', config, '--env', 'qa']);
    expect(unknownEnv).toMatchObject({ code: 2, stdout: '' });
    expect(unknownEnv.stderr).toBe('--env: environment "qa" is not defined in the config (defined: dev, ml-prod, local)\n');
    const noSynth = await runPlinth(['config', 'stacks', path.join(tmpdir(), 'plinth-nothing-here'), '--config', config]);
    expect(noSynth).toMatchObject({ code: 2 });
    expect(noSynth.stderr).toMatch(/manifest\.json not found: run `npx cdktf synth` first/);
    const format = await runPlinth(['config', 'stacks', outdir, '--config', config, '--format', 'yaml']);
    expect(format).toMatchObject({ code: 2, stderr: '--format: found "yaml"; use one of text, json\n' });
  });

  it('config images tags each service image exactly as the workloads stack deploys it', async () => {
    const foundation = stackJson(outdir, 'acme-ml-dev-foundation');
    // What `terraform output -json` prints after an apply, for the outputs the foundation really has.
    const outputs = Object.fromEntries(
      Object.keys(foundation.output ?? {}).map((name) => [name, { sensitive: false, type: 'string', value: name.endsWith('_repository') ? `123456789012.dkr.ecr.eu-west-1.amazonaws.com/acme-ml-dev/${name.replace('_repository', '')}` : 'x' }]),
    );
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'plinth-outputs-')), 'outputs.json');
    writeFileSync(file, JSON.stringify(outputs));
    const result = await runPlinth(['config', 'images', '--env', 'dev', '--outputs', file, '--config', config]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const images = JSON.parse(result.stdout) as { service: string; image: string; registry: string }[];
    expect(images.map((image) => image.service)).toEqual(['tracking', 'drift', 'gates', 'inference', 'console']);
    expect(new Set(images.map((image) => image.registry))).toEqual(new Set(['123456789012.dkr.ecr.eu-west-1.amazonaws.com']));

    // The workloads stack pulls `<repository output>:<tag>`: the release pushes that tag.
    const workloads = readFileSync(path.join(outdir, 'stacks', 'acme-ml-dev-workloads', 'cdk.tf.json'), 'utf8');
    const deployedTags = new Set([...workloads.matchAll(/"image": ?"\$\{[^}]*repository_url\}:([^"]+)"/g)].map((match) => match[1]));
    expect(deployedTags.size).toBe(1);
    for (const image of images) expect(image.image).toBe(`123456789012.dkr.ecr.eu-west-1.amazonaws.com/acme-ml-dev/${image.service}:${[...deployedTags][0]}`);
  });

  it('config images refuses outputs that are not `terraform output -json`', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'plinth-outputs-')), 'outputs.json');
    writeFileSync(file, '[1]');
    const result = await runPlinth(['config', 'images', '--env', 'dev', '--outputs', file, '--config', config]);
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toMatch(/--outputs .*outputs\.json: found an array; expected the object `terraform output -json` prints/);
  });

  it('knows every target of the one services/Dockerfile', () => {
    const dockerfile = readFileSync(path.join(REPO_ROOT, 'services', 'Dockerfile'), 'utf8');
    expect([...dockerfile.matchAll(/^FROM service AS ([a-z-]+)$/gm)].map((match) => match[1])).toEqual([...SERVICE_IMAGES]);
  });
});

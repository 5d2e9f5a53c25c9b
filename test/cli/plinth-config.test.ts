import { parse, stringify } from 'yaml';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { REPO_ROOT, writeTempConfig, readDefaultConfig } from '../support/synth';

function plinth(args: string[], env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin', 'plinth.js'), ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('plinth config validate', () => {
  it('accepts the committed platform.yaml and says what it describes', () => {
    const result = plinth(['config', 'validate']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/is valid: platform "acme-ml", blueprint startup on aws, environments dev, local/);
  });

  it('exits 2 and lists every problem with file, line and path', () => {
    const file = writeTempConfig(readDefaultConfig().replace('platform: acme-ml', 'platform: Acme_ML').replace('blueprint: startup ', 'blueprint: startupp'));
    const result = plinth(['config', 'validate', file]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(new RegExp(`${file.replace(/[.]/g, '\\.')}:2:\\d+ {2}platform: found "Acme_ML"`));
    expect(result.stderr).toMatch(/:3:\d+ {2}blueprint: found "startupp" \(did you mean "startup"\?\)/);
  });

  it('reads the file named by PLINTH_CONFIG', () => {
    const file = writeTempConfig(readDefaultConfig().replace('platform: acme-ml', 'platform: other-ml'));
    expect(plinth(['config', 'validate'], { PLINTH_CONFIG: file }).stdout).toMatch(/platform "other-ml"/);
  });

  it('exits 2 for a file that does not exist', () => {
    const result = plinth(['config', 'validate', '/nonexistent/platform.yaml']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/\/nonexistent\/platform\.yaml.*cannot read the config: file not found/);
  });

  it('validates every blueprint on Google Cloud without a not-implemented note (llm-rag, the last one built)', () => {
    const config = parse(readDefaultConfig()) as Record<string, any>;
    config.blueprint = 'llm-rag';
    config.cloud = { provider: 'gcp', project: 'acme-ml-prod', region: 'europe-west4', billingAccount: '01A2B3-C4D5E6-F7A8B9' };
    delete config.environments.local;
    const result = plinth(['config', 'validate', writeTempConfig(stringify(config))]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/blueprint llm-rag on gcp/);
    expect(result.stdout).not.toMatch(/not implemented/);
  });

  it('exits 2 on an unknown command or flag', () => {
    expect(plinth(['config', 'frobnicate']).code).toBe(2);
    expect(plinth(['config', 'validate', '--nope']).code).toBe(2);
  });
});

describe('plinth config schema', () => {
  const result = plinth(['config', 'schema']);
  const schema = JSON.parse(result.stdout) as Record<string, any>;

  it('prints a draft 2020-12 JSON Schema generated from the same zod source', () => {
    expect(result.code).toBe(0);
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.required).toEqual(expect.arrayContaining(['platform', 'blueprint', 'cloud', 'tags', 'alerts', 'environments']));
    expect(schema.properties.blueprint.enum).toEqual(['startup', 'realtime', 'llm-rag']);
    expect(schema.properties.platform.pattern).toBe('^[a-z]([a-z0-9-]*[a-z0-9])?$');
    expect(schema.additionalProperties).toBe(false);
  });

  it('describes environment overrides down to node counts', () => {
    const environment = schema.properties.environments.additionalProperties;
    expect(environment.properties.cluster.properties.systemNodes.properties.maxSize).toMatchObject({ type: 'integer', minimum: 1, maximum: 100 });
    expect(environment.properties.backend.oneOf ?? environment.properties.backend.anyOf).toHaveLength(3);
  });
});

import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { blueprintDefaultsTables } from '../../blueprints/defaults-tables';
import { configFieldTable } from '../../core/config/field-table';
import { REPO_ROOT } from '../support/synth';

describe('.ci/run', () => {
  const script = readFileSync(path.join(REPO_ROOT, '.ci', 'run'), 'utf8');
  const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');

  it('runs the README’s two commands, word for word, and stops at the first failure', () => {
    expect(readme).toContain('npm ci && npx cdktf synth');
    expect(readme).toContain('npm test');
    expect(script).toMatch(/^set -euo pipefail$/m);
    expect(script.split('\n')).toContain('( npm ci && npx cdktf synth )');
    expect(script.split('\n')).toContain('npm test');
  });
});

describe('README.md', () => {
  it('shows the config field table exactly as `plinth config docs` generates it from the schema', () => {
    const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    const block = /<!-- config-table:start -->\n([\s\S]*?)\n<!-- config-table:end -->/.exec(readme);
    expect(block?.[1]).toBe(configFieldTable());
  });

  it('shows each blueprint’s defaults exactly as `plinth config defaults` renders them from the blueprints’ tables', () => {
    const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    const block = /<!-- defaults-table:start -->\n([\s\S]*?)\n<!-- defaults-table:end -->/.exec(readme);
    expect(block?.[1]).toBe(blueprintDefaultsTables());
  });
});

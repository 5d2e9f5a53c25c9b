import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startTracking, type TrackingHarness } from '../../tracking/support/tracking-harness';
import { plinth } from './registry-fixtures';

const REPOSITORY = path.join(__dirname, '../../../..');

/** The commands of the README's walkthrough, each as its arguments (double quotes group words, as a shell does). */
function readmeCommands(): string[][] {
  const readme = readFileSync(path.join(REPOSITORY, 'services/gates/README.md'), 'utf8');
  const block = /## Promote, roll back, register[\s\S]*?```text\n([\s\S]*?)```/.exec(readme)![1]!.replace(/\\\n/g, ' ');
  return block.trim().split('\n').map((line) => [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((match) => match[1] ?? match[2]!));
}

describe("the README's promotion walkthrough, verbatim but for the server's port and the repository folder", () => {
  let tracking: TrackingHarness;
  const cwd = process.cwd();
  beforeAll(async () => {
    tracking = await startTracking({ database: 'memory:' });
    process.chdir(REPOSITORY);
  });
  afterAll(async () => {
    process.chdir(cwd);
    await tracking.close();
  });

  it('registers, promotes the classifier (exit 0, published), and refuses the worse one (exit 1)', async () => {
    const models = mkdtempSync(path.join(tmpdir(), 'plinth-readme-models-'));
    const commands = readmeCommands();
    expect(commands.map((args) => args.slice(0, 4).join(' '))).toEqual(['npx plinth gates register', 'npx plinth gates promote', 'npx plinth gates register', 'npx plinth gates promote']);
    const codes: number[] = [];
    for (const args of commands) {
      const run = await plinth(...args.slice(2).map((arg) => (arg === 'http://127.0.0.1:5000' ? tracking.url : arg === '.plinth/models' ? models : arg)));
      expect(run.stderr).toBe('');
      codes.push(run.code);
    }
    expect(codes).toEqual([0, 0, 0, 1]);
    expect(existsSync(path.join(models, 'churn/1/model.onnx'))).toBe(true);
    expect(existsSync(path.join(models, 'churn/2'))).toBe(false);
    expect((await tracking.client.getRegisteredModel('churn')).aliases).toEqual([{ alias: 'champion', version: '1' }]);
  });
});

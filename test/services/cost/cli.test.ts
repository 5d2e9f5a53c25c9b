import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { synthConfig } from '../../../services/cost/readme-tables';
import { runPlinth } from '../../support/plinth-cli';
import { REPO_ROOT } from '../../support/synth';

/** `npx plinth cost` as a user runs it, on platform.yaml synthesized once. */
let outdir: string;
let work: string;

beforeAll(() => {
  outdir = synthConfig('platform.yaml');
  work = mkdtempSync(path.join(tmpdir(), 'plinth-cost-cli-'));
}, 60_000);

/** A user-facing refusal: exit 2, one line naming the problem, no stack trace. */
function expectRefusal(run: { code: unknown; stdout: string; stderr: string }, message: RegExp): void {
  expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 2, stdout: '' });
  expect(run.stderr).toMatch(message);
  expect(run.stderr.trim().split('\n')).toHaveLength(1);
  expect(run.stderr).not.toMatch(/\n\s+at /);
}

describe('plinth cost', () => {
  it('prints each stack of an environment with its items, total and budget', async () => {
    const run = await runPlinth(['cost', outdir, '--env', 'dev']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('dev (acme-ml-dev, AWS eu-west-1): $310 a month, budget $800');
    expect(run.stdout).toMatch(/acme-ml-dev-foundation: \$310\n[^]*?EKS control plane\s+\$73\s+Kubernetes 1\.35, standard support/);
    expect(run.stdout).toContain('aws_nat_gateway (1): data processed, per GB');
    expect(run.stdout).not.toContain('acme-ml-local');
  });

  it('writes JSON for --compare, then the pull-request comment against it', async () => {
    const json = path.join(work, 'base-cost.json');
    const markdown = path.join(work, 'cost.md');
    expect(await runPlinth(['cost', outdir, '--format', 'json', '--output', json])).toMatchObject({ code: 0, stdout: '', stderr: '' });
    const report = JSON.parse(readFileSync(json, 'utf8'));
    expect(report.environments.map((env: { name: string; monthlyUsd: unknown }) => [env.name, env.monthlyUsd])).toEqual([
      ['dev', { low: 310.14, high: 310.14 }],
      ['local', { low: 310.14, high: 310.14 }],
    ]);
    // The contract CI runs: plinth cost --compare base-cost.json --format markdown --output cost.md (cdktf.out by default).
    cpSync(outdir, path.join(work, 'cdktf.out'), { recursive: true });
    const run = await runPlinth(['cost', '--compare', 'base-cost.json', '--format', 'markdown', '--output', 'cost.md'], { cwd: work });
    expect(run).toMatchObject({ code: 0, stdout: '', stderr: '' });
    const comment = readFileSync(markdown, 'utf8');
    expect(comment.split('\n')[0]).toBe('<!-- plinth-cost -->');
    expect(comment).toContain('| dev | `acme-ml-dev-foundation` | $310 | $310 | ±$0 |');
    expect(existsSync(`${markdown}.${process.pid}.tmp`)).toBe(false);
  });

  it.each<[string, (dir: string) => string[], RegExp]>([
    ['a missing output folder', (dir) => ['cost', path.join(dir, 'nowhere')], /^plinth cost: .*nowhere: no such folder; synthesize first \(npx cdktf synth writes cdktf\.out\)/],
    ['a malformed manifest', (dir) => {
      const broken = path.join(dir, 'broken');
      cpSync(outdir, broken, { recursive: true });
      writeFileSync(path.join(broken, 'manifest.json'), '{"stacks": {');
      return ['cost', broken];
    }, /^plinth cost: .*broken\/manifest\.json:1:\d+: invalid JSON/],
    ['an unknown environment', () => ['cost', outdir, '--env', 'staging'], /^plinth cost: --env staging: no such environment in .* \(environments: dev, local\)$/m],
    ['a --compare file that is no cost report', (dir) => {
      writeFileSync(path.join(dir, 'plan.json'), '{"format_version": "1.2"}');
      return ['cost', outdir, '--compare', path.join(dir, 'plan.json')];
    }, /not a plinth cost report \("format" is undefined, not "plinth-cost\/1"\)/],
  ])('refuses %s with exit 2 and one line', async (_what, args, message) => {
    expectRefusal(await runPlinth(args(work)), message);
  });

  it('loads no cdktf or provider package: it only reads JSON', () => {
    const probe = spawnSync(
      process.execPath,
      ['-r', 'tsx/cjs', '-e', `require('./services/cost/cost-command').runCost(${JSON.stringify(outdir)}, { format: 'json', output: ${JSON.stringify(path.join(work, 'probe.json'))} });
       process.stdout.write(JSON.stringify(Object.keys(require.cache).filter((file) => /node_modules\\/(cdktf|@cdktf\\/provider-[a-z]+|constructs)\\//.test(file))));`],
      { cwd: REPO_ROOT, encoding: 'utf8' },
    );
    expect(probe.stderr).toBe('');
    expect(JSON.parse(probe.stdout)).toEqual([]);
  });
});

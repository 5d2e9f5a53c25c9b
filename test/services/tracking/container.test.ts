import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { freePort } from '../../support/free-port';

const TRACKING = path.join(__dirname, '..', '..', '..', 'services', 'tracking');

// No Docker engine here: the Dockerfile is checked as text, and its build step (bundle.sh) is run
// for real and the bundle is served the way the image's ENTRYPOINT runs it.
describe('tracking container image', () => {
  const dockerfile = readFileSync(path.join(TRACKING, 'Dockerfile'), 'utf8');
  const stages = dockerfile.split('\n').filter((line) => line.startsWith('FROM '));

  it('is multi-stage, on a base pinned to an exact version, and runs as a non-root user', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of stages) expect(stage).toMatch(/^FROM node:\d+\.\d+\.\d+-[a-z]+-slim( AS \w+)?$/);
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).not.toMatch(/^USER root$/m);
    expect(runtime.indexOf('USER node')).toBeLessThan(runtime.indexOf('ENTRYPOINT'));
    expect(dockerfile).toContain('RUN services/tracking/bundle.sh /out');
  });

  it('builds a bundle that serves the API as the ENTRYPOINT runs it', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'plinth-bundle-'));
    try {
      execFileSync(path.join(TRACKING, 'bundle.sh'), [out], { stdio: 'pipe' });
      const entrypoint = JSON.parse(/^ENTRYPOINT (.*)$/m.exec(dockerfile)![1]!) as string[];
      expect(entrypoint.slice(0, 2)).toEqual(['node', '/app/tracking.cjs']);
      const port = await freePort();
      const child = spawn(process.execPath, [path.join(out, 'tracking.cjs'), ...entrypoint.slice(2), '--port', String(port), '--database-url', 'memory:', '--artifacts', path.join(out, 'artifacts')], {
        cwd: out,
        env: { ...process.env, PLINTH_TOKENS: '', PLINTH_TOKENS_FILE: '' },
        stdio: 'ignore',
      });
      const exited = new Promise((resolve) => child.once('exit', resolve));
      try {
        let created: unknown;
        for (let attempt = 0; attempt < 100 && created === undefined; attempt++) {
          created = await fetch(`http://127.0.0.1:${port}/api/2.0/mlflow/experiments/create`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: '{"name": "from-the-bundle"}',
          }).then(
            (response) => response.json(),
            () => new Promise((resolve) => setTimeout(() => resolve(undefined), 100)),
          );
        }
        expect(created).toEqual({ experiment_id: '1' });
      } finally {
        child.kill('SIGTERM');
        expect(await exited).toBe(0);
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 60_000);
});

import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { freePort } from './free-port';
import { REPO_ROOT } from './synth';

export interface ServiceContainerSpec {
  /** Folder of services/ with the Dockerfile and main.ts. */
  readonly service: 'tracking' | 'drift';
  /** Arguments after the ENTRYPOINT's own, for a throwaway run of the bundle. */
  readonly serveArgs: (bundleDir: string) => readonly string[];
  /** A request to the running bundle; it throws (or gives undefined) while the bundle is not answering yet. */
  readonly probe: (baseUrl: string) => Promise<unknown>;
  /** Asserts what the probe got back from the bundle. */
  readonly check: (answer: unknown) => void;
}

/**
 * There is no Docker engine here: a service's Dockerfile is checked as text, and its build step
 * (services/kit/bundle.sh) is run for real and the bundle served the way the image's ENTRYPOINT runs it.
 */
export function describeServiceContainer(spec: ServiceContainerSpec): void {
  describe(`${spec.service} container image`, () => {
    const dockerfile = readFileSync(path.join(REPO_ROOT, 'services', spec.service, 'Dockerfile'), 'utf8');
    const stages = dockerfile.split('\n').filter((line) => line.startsWith('FROM '));

    it('is multi-stage, on a base pinned to an exact version, and runs as a non-root user', () => {
      expect(stages.length).toBeGreaterThanOrEqual(2);
      for (const stage of stages) expect(stage).toMatch(/^FROM node:\d+\.\d+\.\d+-[a-z]+-slim( AS \w+)?$/);
      const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
      expect(runtime).toMatch(/^USER node$/m);
      expect(runtime).not.toMatch(/^USER root$/m);
      expect(runtime.indexOf('USER node')).toBeLessThan(runtime.indexOf('ENTRYPOINT'));
      expect(dockerfile).toContain(`RUN services/kit/bundle.sh ${spec.service} /out`);
    });

    it('builds a bundle that serves as the ENTRYPOINT runs it, and stops cleanly on SIGTERM', async () => {
      const out = mkdtempSync(path.join(tmpdir(), `plinth-bundle-${spec.service}-`));
      try {
        execFileSync(path.join(REPO_ROOT, 'services', 'kit', 'bundle.sh'), [spec.service, out], { stdio: 'pipe' });
        const entrypoint = JSON.parse(/^ENTRYPOINT (.*)$/m.exec(dockerfile)![1]!) as string[];
        expect(entrypoint.slice(0, 2)).toEqual(['node', `/app/${spec.service}.cjs`]);
        const port = await freePort();
        const child = spawn(process.execPath, [path.join(out, `${spec.service}.cjs`), ...entrypoint.slice(2), '--port', String(port), ...spec.serveArgs(out)], {
          cwd: out,
          env: { ...process.env, PLINTH_TOKENS: '', PLINTH_TOKENS_FILE: '' },
          stdio: 'ignore',
        });
        const exited = new Promise((resolve) => child.once('exit', resolve));
        try {
          let answer: unknown;
          for (let attempt = 0; attempt < 100 && answer === undefined; attempt++) {
            answer = await spec.probe(`http://127.0.0.1:${port}`).catch(() => new Promise((resolve) => setTimeout(() => resolve(undefined), 100)));
          }
          spec.check(answer);
        } finally {
          child.kill('SIGTERM');
          expect(await exited).toBe(0);
        }
      } finally {
        rmSync(out, { recursive: true, force: true });
      }
    }, 60_000);
  });
}

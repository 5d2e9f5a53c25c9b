import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { freePort } from './free-port';
import { REPO_ROOT } from './synth';

export interface ServiceContainerSpec {
  /** Folder of services/ with the main.ts, and the name of its target in services/Dockerfile. */
  readonly service: 'tracking' | 'drift' | 'inference' | 'gates' | 'console';
  /** Arguments after the ENTRYPOINT's own, for a throwaway run of the bundle. */
  readonly serveArgs: (bundleDir: string) => readonly string[];
  /** A request to the bundle once it listens. */
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
    const dockerfile = readFileSync(path.join(REPO_ROOT, 'services', 'Dockerfile'), 'utf8');
    const stages = dockerfileStages(dockerfile);
    const target = stages.find((stage) => stage.name === spec.service);
    // The service's target with every stage it is built FROM, the service's own last.
    const lineage = target ? stageLineage(stages, target) : [];
    const imageText = lineage.map((stage) => stage.text).join('\n');

    it('is a target of the one services/Dockerfile, multi-stage, on Node LTS pinned to an exact version, and runs as a non-root user', () => {
      expect(target).toBeDefined();
      const bases = stages.map((stage) => stage.from).filter((from) => from.startsWith('node:'));
      expect(bases.length).toBeGreaterThanOrEqual(2);
      for (const base of bases) {
        const [, major] = /^node:(\d+)\.\d+\.\d+-[a-z]+-slim$/.exec(base) ?? [];
        expect({ base, pinned: major !== undefined }).toEqual({ base, pinned: true });
        // Even majors become LTS; Node 20 left long-term support in April 2026.
        expect({ base, supportedLts: Number(major) % 2 === 0 && Number(major) >= 22 }).toEqual({ base, supportedLts: true });
      }
      expect(imageText).toMatch(/^USER node$/m);
      expect(imageText).not.toMatch(/^USER root$/m);
      expect(imageText.lastIndexOf('USER node')).toBeLessThan(imageText.indexOf('ENTRYPOINT'));
      expect(dockerfile).toContain(`RUN services/kit/bundle.sh ${spec.service} /out/${spec.service}`);
      expect(target!.text).toContain(`COPY --from=build /out/${spec.service} ./`);
    });

    it('builds a bundle that serves as the ENTRYPOINT runs it, and stops cleanly on SIGTERM', async () => {
      const out = mkdtempSync(path.join(tmpdir(), `plinth-bundle-${spec.service}-`));
      try {
        execFileSync(path.join(REPO_ROOT, 'services', 'kit', 'bundle.sh'), [spec.service, out], { stdio: 'pipe' });
        // The image builds from the folders the Dockerfile copies, not the whole checkout.
        const copied = [...dockerfile.matchAll(/^COPY (\S+) \.\/\S+$/gm)].map((copy) => copy[1]!);
        const sources = [...readFileSync(path.join(out, `${spec.service}.cjs`), 'utf8').matchAll(/^\/\/ (\S+\.[cm]?[jt]s(?:on)?)$/gm)].map((source) => source[1]!);
        expect(sources.filter((source) => !source.startsWith('node_modules/') && !copied.some((folder) => source.startsWith(`${folder}/`)))).toEqual([]);
        const entrypoint = JSON.parse(/^ENTRYPOINT (.*)$/m.exec(target!.text)![1]!) as string[];
        expect(entrypoint.slice(0, 2)).toEqual(['node', `/app/${spec.service}.cjs`]);
        const port = await freePort();
        const child = spawn(process.execPath, [path.join(out, `${spec.service}.cjs`), ...entrypoint.slice(2), '--port', String(port), ...spec.serveArgs(out)], {
          cwd: out,
          env: { ...process.env, PLINTH_TOKENS: '', PLINTH_TOKENS_FILE: '' },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let output = '';
        const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
        // Start-up takes from one to twenty seconds with the machine's load: wait for the bundle to say it listens.
        const listening = new Promise<boolean>((resolve) => {
          const onData = (chunk: Buffer) => {
            output += chunk.toString();
            if (output.includes('Server listening at')) resolve(true);
          };
          child.stdout.on('data', onData);
          child.stderr.on('data', onData);
          void exited.then(() => resolve(false));
        });
        try {
          expect({ listening: await listening, output }).toEqual({ listening: true, output: expect.any(String) });
          spec.check(await spec.probe(`http://127.0.0.1:${port}`));
        } finally {
          child.kill('SIGTERM');
          // The log says what happened when the exit is not the clean one.
          expect({ ...(await exited), output }).toEqual({ code: 0, signal: null, output: expect.stringContaining('shut down cleanly') });
        }
      } finally {
        rmSync(out, { recursive: true, force: true });
      }
    }, 120_000);
  });
}

interface DockerfileStage {
  /** The image or stage after FROM. */
  readonly from: string;
  /** The name after AS, if any. */
  readonly name?: string;
  /** The stage's lines, FROM included. */
  readonly text: string;
}

/** The stages of a Dockerfile, in order (a Dockerfile has no nesting: each FROM starts the next). */
function dockerfileStages(dockerfile: string): DockerfileStage[] {
  return dockerfile
    .split(/^(?=FROM )/m)
    .filter((text) => text.startsWith('FROM '))
    .map((text) => {
      const [, from, name] = /^FROM (\S+)(?: AS (\S+))?$/m.exec(text)!;
      return { from: from!, name, text };
    });
}

function stageLineage(stages: readonly DockerfileStage[], stage: DockerfileStage): DockerfileStage[] {
  const parent = stages.find((candidate) => candidate.name === stage.from);
  return parent ? [...stageLineage(stages, parent), stage] : [stage];
}

import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../../support/synth';
import { describeServiceContainer } from '../../support/service-container';

/** The bundle folder of the run in progress: the probe compares what the console serves with what bundle.sh wrote. */
let bundle = '';

describeServiceContainer({
  service: 'console',
  serveArgs: (bundleDir) => {
    bundle = bundleDir;
    // No database, no onnxruntime: nothing beside the bundle but its pages.
    expect(existsSync(path.join(bundleDir, 'node_modules'))).toBe(false);
    expect(readFileSync(path.join(bundleDir, 'console.cjs'), 'utf8')).not.toMatch(/require\("(@electric-sql\/pglite|onnxruntime-node)"\)/);
    // The image's ENTRYPOINT passes --assets /app/assets; here the same folder of the bundle, given last, wins.
    return ['--assets', path.join(bundleDir, 'assets')];
  },
  probe: async (baseUrl) => {
    const page = await fetch(`${baseUrl}/`);
    const html = await page.text();
    const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((match) => match[1]!);
    const served = await Promise.all(
      assets.map(async (asset) => {
        const response = await fetch(`${baseUrl}${asset}`);
        const body = Buffer.from(await response.arrayBuffer());
        return { asset, status: response.status, sameAsBuilt: body.equals(readFileSync(path.join(bundle, 'assets', path.basename(asset)))) };
      }),
    );
    return { status: page.status, type: page.headers.get('content-type'), html, served };
  },
  check: (answer) => {
    const { status, type, html, served } = answer as { status: number; type: string; html: string; served: { asset: string }[] };
    expect({ status, type }).toEqual({ status: 200, type: expect.stringMatching(/^text\/html/) });
    expect(html).toBe(readFileSync(path.join(bundle, 'assets', 'index.html'), 'utf8'));
    expect(served.map((file) => file.asset).sort()).toEqual(['/assets/app.css', '/assets/app.js']);
    for (const file of served) expect(file).toEqual({ asset: file.asset, status: 200, sameAsBuilt: true });
  },
});

describe('the console image', () => {
  it('finds its pages where the bundle puts them: /app/assets, beside /app/console.cjs', () => {
    const dockerfile = readFileSync(path.join(REPO_ROOT, 'services', 'Dockerfile'), 'utf8');
    const stage = dockerfile.split(/^(?=FROM )/m).find((text) => text.startsWith('FROM service AS console'))!;
    expect(JSON.parse(/^ENTRYPOINT (.*)$/m.exec(stage)![1]!)).toEqual(['node', '/app/console.cjs', 'console', '--assets', '/app/assets']);
    expect(stage).toMatch(/^EXPOSE 8080$/m);
    // The build stage has what bundle.sh builds the pages with.
    expect(dockerfile).toMatch(/^COPY scripts\/build-console\.js \.\/scripts\/build-console\.js$/m);
  });
});

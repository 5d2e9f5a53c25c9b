// The console's browser bundle: services/console/web/main.tsx with Preact, uPlot and every style it
// imports, bundled and minified by esbuild into one app.js and one app.css, plus index.html. Nothing is
// loaded from elsewhere at run time (the console works offline and its Content-Security-Policy allows
// only its own origin). Run by `npm run build` into dist/console/, and by the tests and the bench into
// a folder of their own.
const esbuild = require('esbuild');
const { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } = require('node:fs');
const path = require('node:path');
const { gzipSync } = require('node:zlib');

const WEB = path.join(__dirname, '..', 'services', 'console', 'web');

/**
 * Builds the console into `outdir` (emptied first) and lists what it wrote: name, bytes and gzip bytes
 * (what a browser downloads from a server that compresses; `plinth console` serves them as they are).
 * @param {string} outdir
 * @returns {Promise<{ files: { name: string; bytes: number; gzipBytes: number }[] }>}
 */
async function buildConsoleAssets(outdir) {
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  await esbuild.build({
    entryPoints: { app: path.join(WEB, 'main.tsx') },
    outdir,
    bundle: true,
    minify: true,
    format: 'iife',
    platform: 'browser',
    // Browsers of the last few years; Debian's chromium in the tests.
    target: ['chrome110', 'firefox110', 'safari16'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    tsconfig: path.join(WEB, 'tsconfig.json'),
    sourcemap: 'linked',
    legalComments: 'linked',
    logLevel: 'warning',
  });
  copyFileSync(path.join(WEB, 'index.html'), path.join(outdir, 'index.html'));
  const files = readdirSync(outdir)
    .filter((name) => !name.endsWith('.map') && statSync(path.join(outdir, name)).isFile())
    .map((name) => {
      const content = readFileSync(path.join(outdir, name));
      return { name, bytes: content.length, gzipBytes: gzipSync(content).length };
    });
  return { files };
}

module.exports = { buildConsoleAssets, CONSOLE_WEB_SOURCES: WEB };

if (require.main === module) {
  const outdir = process.argv[2] ?? path.join(__dirname, '..', 'dist', 'console');
  buildConsoleAssets(outdir).then(
    ({ files }) => process.stdout.write(`plinth: built the console into ${path.relative(process.cwd(), outdir)}/ (${files.map((file) => `${file.name} ${(file.gzipBytes / 1024).toFixed(1)} KB gzip`).join(', ')})\n`),
    (error) => {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    },
  );
}

// `npm run build`, also run by `npm ci` and `npm install` (the `prepare` script): transpiles every
// TypeScript file of the source folders into dist/ with the same layout, and copies every other file
// (SQL migrations, the PGlite worker, JSON) beside it, so that code finding files from `__dirname`
// finds them there too. Transpile only, like tsx: `npm run typecheck` checks types.
const esbuild = require('esbuild');
const { copyFileSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } = require('node:fs');
const path = require('node:path');
const { DIST, ROOT, SOURCE_FOLDERS, STAMP } = require('../bin/compiled-output');
// The console's browser code is not Node code: it is bundled for the browser into dist/console/ below.
const { buildConsoleAssets, CONSOLE_WEB_SOURCES } = require('./build-console');

// Taken before reading anything: a file edited while the build runs then counts as newer than it.
const sourcesAsOf = Date.now();

// The stamp goes first, so that a plinth started meanwhile runs the sources rather than a half-written dist/.
rmSync(STAMP, { force: true });
rmSync(DIST, { recursive: true, force: true });

const files = SOURCE_FOLDERS.flatMap((folder) =>
  readdirSync(path.join(ROOT, folder), { recursive: true })
    .map((name) => path.join(ROOT, folder, name))
    .filter((file) => statSync(file).isFile() && !file.startsWith(CONSOLE_WEB_SOURCES + path.sep)),
);
const typescript = files.filter((file) => file.endsWith('.ts'));

/** Entry points compiled as one module with what they import from their own folder (see below). */
const BUNDLED_ENTRIES = ['policies/check-command.ts'];

esbuild.buildSync({
  entryPoints: typescript,
  outdir: DIST,
  outbase: ROOT,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  // Linked maps cost nothing at run time; `node --enable-source-maps` uses them for .ts stack traces.
  sourcemap: 'linked',
  logLevel: 'warning',
});

// `plinth policy check` is the one command users time on big inputs (a 10,000-resource plan, issue 8):
// its compiled file holds the engine and every rule in one module. One file saves ~120 module
// resolutions and esbuild's per-module export getters, ~0.1 s of a check's 1 s budget. Only files of
// its own folder go in: other folders' modules (core/'s UserFacingError, which the CLI tests with
// instanceof) stay shared, required by the same relative paths as in every other compiled file. So
// esbuild writes it as if it sat beside its source (where those paths are relative to), and the
// build moves it into dist/ with a source root pointing back at the sources.
for (const entry of BUNDLED_ENTRIES) {
  const folder = entry.split('/')[0];
  const besideSource = path.join(ROOT, entry.replace(/\.ts$/, '.js'));
  const inDist = path.join(DIST, path.relative(ROOT, besideSource));
  const { outputFiles } = esbuild.buildSync({
    entryPoints: [path.join(ROOT, entry)],
    outfile: besideSource,
    write: false,
    bundle: true,
    packages: 'external',
    external: SOURCE_FOLDERS.filter((other) => other !== folder).map((other) => path.join(ROOT, other, '*')),
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    sourcemap: 'linked',
    sourceRoot: `${path.relative(path.dirname(inDist), path.dirname(besideSource))}/`,
    logLevel: 'warning',
  });
  for (const output of outputFiles) writeFileSync(path.join(path.dirname(inDist), path.basename(output.path)), output.contents);
}

for (const file of files.filter((file) => !file.endsWith('.ts'))) {
  const target = path.join(DIST, path.relative(ROOT, file));
  mkdirSync(path.dirname(target), { recursive: true });
  copyFileSync(compiledInPlaceOf(file) ?? file, target);
}

/**
 * A worker thread's entry `x.cjs` beside an `x.ts` only loads `x.ts` through tsx, which worker threads
 * do not inherit; compiled, `x.ts` itself takes that name, as services/kit/bundle.sh does in a bundle.
 */
function compiledInPlaceOf(file) {
  const source = file.replace(/\.cjs$/, '.ts');
  return source !== file && typescript.includes(source) ? path.join(DIST, path.relative(ROOT, source.replace(/\.ts$/, '.js'))) : undefined;
}

buildConsoleAssets(path.join(DIST, 'console')).then(
  ({ files }) => {
    writeFileSync(STAMP, `${JSON.stringify({ sourcesAsOf })}\n`);
    const consoleKb = files.reduce((sum, file) => sum + file.gzipBytes, 0) / 1024;
    process.stdout.write(
      `plinth: compiled ${typescript.length} TypeScript files into ${path.relative(process.cwd(), DIST) || '.'}/ and the console (${consoleKb.toFixed(0)} KB gzip) in ${Date.now() - sourcesAsOf} ms\n`,
    );
  },
  (error) => {
    process.stderr.write(`plinth: the console's bundle failed: ${error.message}\n`);
    process.exit(1);
  },
);

// `npm run build`, also run by `npm ci` and `npm install` (the `prepare` script): transpiles every
// TypeScript file of the source folders into dist/ with the same layout, and copies every other file
// (SQL migrations, the PGlite worker, JSON) beside it, so that code finding files from `__dirname`
// finds them there too. Transpile only, like tsx: `npm run typecheck` checks types.
const esbuild = require('esbuild');
const { copyFileSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } = require('node:fs');
const path = require('node:path');
const { DIST, ROOT, SOURCE_FOLDERS, STAMP } = require('../bin/compiled-output');

// Taken before reading anything: a file edited while the build runs then counts as newer than it.
const sourcesAsOf = Date.now();

// The stamp goes first, so that a plinth started meanwhile runs the sources rather than a half-written dist/.
rmSync(STAMP, { force: true });
rmSync(DIST, { recursive: true, force: true });

const files = SOURCE_FOLDERS.flatMap((folder) =>
  readdirSync(path.join(ROOT, folder), { recursive: true })
    .map((name) => path.join(ROOT, folder, name))
    .filter((file) => statSync(file).isFile()),
);
const typescript = files.filter((file) => file.endsWith('.ts'));

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

writeFileSync(STAMP, `${JSON.stringify({ sourcesAsOf })}\n`);
process.stdout.write(`plinth: compiled ${typescript.length} TypeScript files into ${path.relative(process.cwd(), DIST) || '.'}/ in ${Date.now() - sourcesAsOf} ms\n`);

// Where `npm run build` (run by `npm ci` as the `prepare` script) puts the compiled JavaScript, and
// whether it still matches the sources. Plain JavaScript with no dependencies: bin/plinth.js asks
// at every start, so this must cost a few milliseconds, not a transpiler.
const { readFileSync, readdirSync, statSync } = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..');

/** The folders compiled into dist/, each with the same layout there: `services/cli/main.ts` becomes `dist/services/cli/main.js`. */
const SOURCE_FOLDERS = ['blueprints', 'constructs', 'core', 'policies', 'services', 'stacks'];

/** Files that decide what the build writes: a change to them makes the output stale too. */
const BUILD_FILES = ['bin/compiled-output.js', 'scripts/build.js', 'scripts/build-console.js'];

const DIST = path.join(ROOT, 'dist');

/** Written last by the build: `{ "sourcesAsOf": <ms> }`, the time just before it read the sources. */
const STAMP = path.join(DIST, 'build-info.json');

/**
 * True when dist/ was built after the last change to any file or folder it is built from (a folder
 * changes when a file in it is added, removed or renamed). Git writes every file a pull or checkout
 * changes, so new sources always look newer than the build; an edited file does too.
 */
function isCurrent() {
  let sourcesAsOf;
  try {
    sourcesAsOf = JSON.parse(readFileSync(STAMP, 'utf8')).sourcesAsOf;
  } catch {
    return false;
  }
  return typeof sourcesAsOf === 'number' && newestChange() < sourcesAsOf;
}

function newestChange() {
  let newest = 0;
  const visit = (file) => {
    const stats = statSync(file);
    newest = Math.max(newest, stats.mtimeMs);
    if (stats.isDirectory()) for (const name of readdirSync(file)) visit(path.join(file, name));
  };
  for (const file of [...BUILD_FILES, ...SOURCE_FOLDERS]) visit(path.join(ROOT, file));
  return newest;
}

/** The compiled file for a source module path without extension, e.g. `services/cli/main`. */
function compiled(modulePath) {
  return path.join(DIST, `${modulePath}.js`);
}

/**
 * Loads a source module (`services/cli/main`): its compiled file when dist/ is current, otherwise the
 * TypeScript through tsx's loader, so an edited or freshly pulled source always runs.
 */
function load(modulePath) {
  if (isCurrent()) return require(compiled(modulePath));
  require('tsx/cjs');
  return require(path.join(ROOT, `${modulePath}.ts`));
}

module.exports = { ROOT, SOURCE_FOLDERS, DIST, STAMP, isCurrent, compiled, load };

#!/usr/bin/env node
// Runs the compiled CLI (dist/, built by `npm ci` or `npm run build`) when it is current, otherwise
// the TypeScript sources through tsx's transpile-only loader: an edited or freshly pulled source
// always runs, compiled when built and transpiled at start until then. README.md, "The plinth CLI".
const { version } = require('../package.json');
const compiledOutput = require('./compiled-output');

if (compiledOutput.isCurrent()) {
  require(compiledOutput.compiled('services/cli/main')).run(version);
} else {
  require('tsx/cjs');
  require('../services/cli/main.ts').run(version);
}

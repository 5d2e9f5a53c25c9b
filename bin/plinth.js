#!/usr/bin/env node
// Runs the compiled CLI (dist/, built by `npm ci` or `npm run build`) when it is current, otherwise
// the TypeScript sources through tsx's transpile-only loader: an edited or freshly pulled source
// always runs, compiled when built and transpiled at start until then. README.md, "The plinth CLI".
const { version } = require('../package.json');

// The AWS SDK warns on Node 20 that its releases after January 2027 need Node 22. Plinth's lock file
// pins SDK releases that run on 20, so the notice is not the user's to act on (README.md, "Node.js").
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
require('./compiled-output').load('services/cli/main').run(version);

#!/usr/bin/env node
// The cdktf app that cdktf.json runs: the compiled stacks when dist/ is current (built by `npm ci`),
// otherwise the TypeScript sources through tsx, as bin/plinth.js does. Compiled, synth of the
// default config takes about a second less; policies/engine/source.ts maps each resource's creating
// line back to the TypeScript through dist/'s source maps. README.md, "The plinth CLI".
require('./compiled-output').load('stacks/main');

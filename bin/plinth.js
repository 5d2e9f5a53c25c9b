#!/usr/bin/env node
// The CLI is TypeScript run through tsx's transpile-only loader: no build step and no type-checking
// at run time (`npm run typecheck` does that).
require('tsx/cjs');
require('../services/cli/main.ts').run();

// The entry of an analysis worker thread (analysis-pool.ts). Neither tsx (development) nor jest's
// transform reaches a worker thread, so in the source tree this file loads analysis-thread.ts through
// tsx's loader. Compiled, there is no TypeScript: scripts/build.js (dist/) and services/kit/bundle.sh
// (the container) put the compiled analysis-thread.ts in this file's place, under the same name.
require('tsx/cjs/api').register();
require('./analysis-thread.ts');

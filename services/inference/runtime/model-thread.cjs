// The entry of a model worker thread (model-instance.ts). Neither tsx (development) nor jest's
// transform reaches a worker thread, so in the source tree this file loads model-thread.ts through
// tsx's loader. Compiled, there is no TypeScript: scripts/build.js (dist/) and services/kit/bundle.sh
// (the container) put the compiled model-thread.ts in this file's place, under the same name.
require('tsx/cjs/api').register();
require('./model-thread.ts');

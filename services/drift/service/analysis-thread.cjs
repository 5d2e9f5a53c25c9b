// The entry of an analysis worker thread (analysis-pool.ts). Neither tsx (development) nor jest's
// transform reaches a worker thread, so in the source tree this file loads analysis-thread.ts through
// tsx's loader. In the container there is no TypeScript: services/kit/bundle.sh puts the bundled
// analysis-thread.ts in this file's place, under the same name beside the service's bundle.
require('tsx/cjs/api').register();
require('./analysis-thread.ts');

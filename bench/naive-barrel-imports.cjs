// The naive baseline: what an app pays when it imports providers through their package barrels
// (`import { S3Bucket } from '@cdktf/provider-aws'`) instead of deep paths. Preloaded before the
// same synth, so the only difference is the import style.
// The config's cloud's provider (bench/synth.ts says which).
require(process.env.PLINTH_BENCH_CLOUD === 'gcp' ? '@cdktf/provider-google' : '@cdktf/provider-aws');
require('@cdktf/provider-kubernetes');
require('@cdktf/provider-helm');

#!/usr/bin/env bash
# Bundles the tracking server into one CommonJS file plus what it loads at run time: the embedded
# database worker, the SQL migrations and PGlite (its WebAssembly and data files cannot be bundled).
# Used by the Dockerfile's build stage and by the test that proves the bundle serves.
#   services/tracking/bundle.sh OUT_DIR
set -euo pipefail
out="$1"
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
mkdir -p "$out/node_modules/@electric-sql"
node_modules/.bin/esbuild services/tracking/main.ts --bundle --platform=node --target=node20 --format=cjs \
  --external:@electric-sql/pglite --log-level=warning --outfile="$out/tracking.cjs"
cp services/kit/database/embedded-database-worker.cjs "$out/"
rm -rf "$out/migrations" && cp -r services/tracking/migrations "$out/migrations"
rm -rf "$out/node_modules/@electric-sql/pglite" && cp -r node_modules/@electric-sql/pglite "$out/node_modules/@electric-sql/"

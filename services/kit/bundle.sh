#!/usr/bin/env bash
# Bundles a Plinth service into one CommonJS file plus what it loads at run time: the embedded
# database worker, the service's own worker threads (bundled too), the service's SQL migrations and
# PGlite (its WebAssembly and data files cannot be bundled). Used by each service's Dockerfile build
# stage and by the tests that prove a bundle serves.
#   services/kit/bundle.sh SERVICE OUT_DIR
# SERVICE is a folder of services/ with a main.ts (the container entry point); its migrations are the
# `migrations/` folder beside the module that applies them (see MIGRATIONS below).
set -euo pipefail
service="$1"
out="$2"
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"

# Where each service keeps the migrations its server reads from `__dirname/migrations`, and the worker
# threads it starts from `__dirname/<name>.cjs` (in the source tree, that .cjs loads the .ts through tsx).
threads=()
case "$service" in
  tracking) migrations=services/tracking/migrations ;;
  drift) migrations=services/drift/service/migrations; threads=(services/drift/service/analysis-thread.ts) ;;
  *) echo "bundle.sh: unknown service '$service' (tracking, drift)" >&2; exit 2 ;;
esac

mkdir -p "$out/node_modules/@electric-sql"
node_modules/.bin/esbuild "services/$service/main.ts" --bundle --platform=node --target=node20 --format=cjs \
  --external:@electric-sql/pglite --log-level=warning --outfile="$out/$service.cjs"
for thread in "${threads[@]}"; do
  node_modules/.bin/esbuild "$thread" --bundle --platform=node --target=node20 --format=cjs --log-level=warning \
    --outfile="$out/$(basename "$thread" .ts).cjs"
done
cp services/kit/database/embedded-database-worker.cjs "$out/"
rm -rf "$out/migrations" && cp -r "$migrations" "$out/migrations"
rm -rf "$out/node_modules/@electric-sql/pglite" && cp -r node_modules/@electric-sql/pglite "$out/node_modules/@electric-sql/"

#!/usr/bin/env bash
# Bundles a Plinth service into one CommonJS file plus what it loads at run time: the embedded
# database worker, the service's own worker threads (bundled too), the service's SQL migrations,
# PGlite (its WebAssembly and data files cannot be bundled) and, for inference and the gates (which
# run candidates on holdouts), onnxruntime-node's native binding for this platform only (the package
# holds every platform's: 288 MB) and, for the console, its built web assets in assets/ (the console
# has no database and no worker threads). Used by each service's Dockerfile build
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
migrations=
database=yes
onnxruntime=
assets=
case "$service" in
  tracking) migrations=services/tracking/migrations ;;
  drift) migrations=services/drift/service/migrations; threads=(services/drift/service/analysis-thread.ts) ;;
  # The evaluation runs candidates through the inference runtime: its model threads and onnxruntime.
  gates) migrations=services/gates/service/migrations; onnxruntime=yes; threads=(services/inference/runtime/model-thread.ts) ;;
  inference) database=; onnxruntime=yes; threads=(services/inference/runtime/model-thread.ts) ;;
  # The server finds its pages with --assets (the image passes /app/assets).
  console) database=; assets=yes ;;
  *) echo "bundle.sh: unknown service '$service' (tracking, drift, gates, inference, console)" >&2; exit 2 ;;
esac

externals=(--external:@electric-sql/pglite --external:onnxruntime-node)
mkdir -p "$out"
node_modules/.bin/esbuild "services/$service/main.ts" --bundle --platform=node --target=node20 --format=cjs \
  "${externals[@]}" --log-level=warning --outfile="$out/$service.cjs"
for thread in "${threads[@]}"; do
  node_modules/.bin/esbuild "$thread" --bundle --platform=node --target=node20 --format=cjs "${externals[@]}" --log-level=warning \
    --outfile="$out/$(basename "$thread" .ts).cjs"
done
if [ -n "$database" ]; then
  cp services/kit/database/embedded-database-worker.cjs "$out/"
  mkdir -p "$out/node_modules/@electric-sql"
  rm -rf "$out/node_modules/@electric-sql/pglite" && cp -r node_modules/@electric-sql/pglite "$out/node_modules/@electric-sql/"
fi
if [ -n "$migrations" ]; then
  rm -rf "$out/migrations" && cp -r "$migrations" "$out/migrations"
fi
if [ -n "$onnxruntime" ]; then
  # onnxruntime-node loads bin/napi-v6/<platform>/<arch>/onnxruntime_binding.node beside its dist/.
  ort="$out/node_modules/onnxruntime-node"
  binding="bin/napi-v6/$(node -p 'process.platform + "/" + process.arch')"
  rm -rf "$ort" "$out/node_modules/onnxruntime-common" && mkdir -p "$ort/$binding"
  cp -r node_modules/onnxruntime-node/package.json node_modules/onnxruntime-node/dist "$ort/"
  cp -r "node_modules/onnxruntime-node/$binding/." "$ort/$binding/"
  cp -r node_modules/onnxruntime-common "$out/node_modules/"
fi
if [ -n "$assets" ]; then
  node -e 'require("./scripts/build-console.js").buildConsoleAssets(process.argv[1]).catch((error) => { console.error(`bundle.sh: the console assets: ${error.message}`); process.exit(1); })' "$out/assets"
fi

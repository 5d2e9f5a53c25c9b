#!/usr/bin/env bash
# Installs the real tools the tests use when they are missing and this machine can install them
# (apt-get as root, or through passwordless sudo as on a GitHub runner): promtool from Debian's
# prometheus package, redis-server for the feature store's online reads, PostgreSQL's server
# binaries, shellcheck for the workflows' scripts, and Debian's chromium for the console's browser tests
# (playwright-core drives it through its executablePath; Playwright's own browser downloads need the internet). Runs before `npm test` (the `pretest` script) and as its own step in ci.yml. Where it
# cannot install, it says so and the tests that need the tool report SKIPPED (and fail in CI).
set -uo pipefail

# Debian and Ubuntu keep initdb, pg_ctl and postgres in /usr/lib/postgresql/<version>/bin, off PATH;
# the tests (test/support/postgres-cluster.ts) run them from PATH, so they are linked into
# /usr/local/bin (pg_ctl resolves the link and finds postgres beside its target).
newest_postgres_bin() {
  find /usr/lib/postgresql -mindepth 3 -maxdepth 3 -name initdb -path '*/bin/*' 2>/dev/null | sort -V | tail -n 1 | xargs -r dirname
}

if [ "$(id -u)" = 0 ]; then
  as_root=()
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  as_root=(none)
fi

missing_packages=()
command -v promtool >/dev/null || missing_packages+=(prometheus)
command -v redis-server >/dev/null || missing_packages+=(redis-server)
command -v shellcheck >/dev/null || missing_packages+=(shellcheck)
command -v chromium >/dev/null || missing_packages+=(chromium)
if ! command -v initdb >/dev/null || ! command -v pg_ctl >/dev/null; then
  [ -n "$(newest_postgres_bin)" ] || missing_packages+=(postgresql)
fi

failed=false
if [ ${#missing_packages[@]} -gt 0 ]; then
  if [ "${as_root[0]:-}" != none ] && command -v apt-get >/dev/null; then
    echo "install-test-tools: installing ${missing_packages[*]} with apt-get" >&2
    if ! { "${as_root[@]}" apt-get update -qq >/dev/null && "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing_packages[@]}" >/dev/null; }; then
      echo "install-test-tools: apt-get could not install ${missing_packages[*]}" >&2
      failed=true
    fi
  else
    echo "install-test-tools: ${missing_packages[*]} missing and not installable here (needs apt-get as root or with passwordless sudo)" >&2
    failed=true
  fi
fi

if ! command -v initdb >/dev/null || ! command -v pg_ctl >/dev/null; then
  postgres_bin="$(newest_postgres_bin)"
  if [ -n "$postgres_bin" ] && [ "${as_root[0]:-}" != none ]; then
    echo "install-test-tools: linking initdb, pg_ctl and postgres from $postgres_bin into /usr/local/bin" >&2
    for command in initdb pg_ctl postgres; do
      "${as_root[@]}" ln -sf "$postgres_bin/$command" "/usr/local/bin/$command" || failed=true
    done
  else
    echo "install-test-tools: initdb and pg_ctl are not on PATH${postgres_bin:+ (add $postgres_bin to PATH)}" >&2
    failed=true
  fi
fi

# In CI a missing tool is a failure; elsewhere the tests that need it are SKIPPED.
[ "$failed" = true ] && [ "${CI:-}" = true ] && exit 1
exit 0

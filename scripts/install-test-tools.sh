#!/usr/bin/env bash
# Installs the real tools the tests use when they are missing and this machine can install them
# (root with apt): promtool from Debian's prometheus package, redis-server for the feature store's
# online reads. Runs before `npm test`. Where it cannot
# install, it says so and the tests that need the tool report SKIPPED (and fail in CI).
set -uo pipefail

missing_packages=()
command -v promtool >/dev/null || missing_packages+=(prometheus)
command -v redis-server >/dev/null || missing_packages+=(redis-server)

[ ${#missing_packages[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "install-test-tools: installing ${missing_packages[*]} with apt-get" >&2
  if apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing_packages[@]}" >/dev/null; then
    exit 0
  fi
  echo "install-test-tools: apt-get could not install ${missing_packages[*]}" >&2
else
  echo "install-test-tools: ${missing_packages[*]} missing and not installable here (needs root and apt-get)" >&2
fi
# In CI a missing tool is a failure; elsewhere the tests that need it are SKIPPED.
[ "${CI:-}" = true ] && exit 1
exit 0

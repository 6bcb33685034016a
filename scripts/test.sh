#!/usr/bin/env bash
# The test command: installs what is needed (PostgreSQL 15, an SMTP server, chromium, npm
# packages), builds with ASan+UBSan, starts a throwaway PostgreSQL on a unix socket, and runs every
# test (labels unit, sqlite, pg, e2e). ctest's summary is the last thing printed; the PostgreSQL
# server is stopped afterwards whatever the outcome.
#   PASEO_TEST_PRESET=dev bash scripts/test.sh     # faster build, no sanitizers
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${PASEO_TEST_PRESET:-asan}

bash scripts/setup-deps.sh --test
if [ -f scripts/web-build.sh ]; then bash scripts/web-build.sh; fi
for dir in tests/octo/schema tests/e2e; do
  if [ -f "$dir/package-lock.json" ]; then
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
done

cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset"

pg_dir=$(mktemp -d /tmp/paseo-pg.XXXXXX)
cleanup() { bash scripts/pg-test-server.sh stop "$pg_dir" >/dev/null 2>&1 || true; rm -rf "$pg_dir"; }
trap cleanup EXIT
PASEO_TEST_PG_URL=$(bash scripts/pg-test-server.sh start "$pg_dir")
export PASEO_TEST_PG_URL

ctest --preset "$preset"

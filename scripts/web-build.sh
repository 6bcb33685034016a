#!/usr/bin/env bash
# Builds the web app (web/ -> web/dist), which `paseo serve` serves.
#   scripts/web-build.sh           npm ci (only when package-lock.json changed) + npm run build
#   scripts/web-build.sh --test    also runs the Vitest component tests
#   scripts/web-build.sh --force   rebuild even when dist/ is newer than the sources
# Idempotent: npm ci is skipped when node_modules matches package-lock.json, the build is skipped
# when web/dist is newer than every source file.
set -euo pipefail
cd "$(dirname "$0")/../web"

force=0
run_tests=0
for arg in "$@"; do
  case "$arg" in
    --force) force=1 ;;
    --test) run_tests=1 ;;
    *) echo "usage: $0 [--force] [--test]" >&2; exit 2 ;;
  esac
done

command -v npm >/dev/null || { echo "web-build: npm not found (install Node.js 20+)" >&2; exit 1; }

# npm ci when node_modules is missing or older than the lock file.
stamp=node_modules/.paseo-lock-stamp
if [[ ! -f "$stamp" ]] || ! cmp -s package-lock.json "$stamp"; then
  echo "web-build: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json "$stamp"
fi

needs_build=1
if [[ $force -eq 0 && -f dist/index.html ]]; then
  newer=$(find src index.html vite.config.ts tsconfig.json package-lock.json -newer dist/index.html -print -quit)
  [[ -z "$newer" ]] && needs_build=0
fi
if [[ $needs_build -eq 1 ]]; then
  echo "web-build: npm run build"
  npm run build --silent
  node scripts/bundle-sizes.mjs | tail -1
else
  echo "web-build: web/dist is up to date"
fi

if [[ $run_tests -eq 1 ]]; then
  npx vitest run
fi

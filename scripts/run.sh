#!/usr/bin/env bash
# The run command: installs what is needed, builds in Release, and serves Paseo on
# http://127.0.0.1:8080 with its embedded SQLite database under ./var and the demo data.
# Extra arguments go to `paseo serve` (e.g. --listen 127.0.0.1:9090 or --smtp-url smtp://…).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-deps.sh
if [ -f scripts/web-build.sh ]; then bash scripts/web-build.sh; fi
cmake --preset release >/dev/null
cmake --build --preset release --target paseo
mkdir -p var
# The defaults are the embedded database var/paseo.db, 127.0.0.1:8080, data in var/, the app in web/dist.
exec ./build/release/src/paseo serve --demo "$@"

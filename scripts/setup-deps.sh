#!/usr/bin/env bash
# Installs every Debian 12 package Paseo needs. Idempotent: installs only what is missing.
#   bash scripts/setup-deps.sh          # build + run (what `scripts/run.sh` needs)
#   bash scripts/setup-deps.sh --test   # also PostgreSQL 15, an SMTP server, chromium, wrk, nginx
set -euo pipefail
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive

PKGS=(
  g++ cmake ninja-build pkg-config git ca-certificates                       # toolchain
  libboost-dev libssl-dev                                                     # HTTP (Beast/Asio), TLS
  libsqlite3-dev sqlite3 libpq-dev                                            # storage
  rapidjson-dev libsodium-dev libspdlog-dev libfmt-dev libcli11-dev           # JSON, crypto, logs, CLI
  libtomlplusplus-dev libhowardhinnant-date-dev tzdata libcurl4-openssl-dev   # config, zones, mail
  libjpeg-dev libpng-dev                                                      # photo resizing (extranet)
  libjemalloc-dev                                                             # allocator (server)
  libgtest-dev libgmock-dev libbenchmark-dev                                  # tests, benchmarks
  curl
)
if [ "${1:-}" = "--test" ]; then
  PKGS+=(postgresql-15 python3 python3-aiosmtpd openssl chromium clang-format wrk nginx-light hyperfine)
fi
# Node.js 18+ with npm builds the web app; an existing node (e.g. a newer one) is kept.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  PKGS+=(nodejs npm)
fi

missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup-deps: installing ${missing[*]}"
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
echo "setup-deps: ${#PKGS[@]} packages present"

#!/usr/bin/env bash
# HTTP benchmark: wrk against a trivial Paseo route, and beside it the raw limit, Debian's nginx
# serving the same 45-byte JSON as a static file.
#
#   bench/http/run.sh [PASEO_ADDR [PATH]]
#
# PASEO_ADDR  host:port of a running Paseo HTTP server. When omitted, the script starts
#             paseo_http_ping (bench/http/ping_server.cpp, built in Release) on 127.0.0.1:18080.
# PATH        route to load (default /ping, which paseo_http_ping serves).
# Environment: PING_BIN (default build/release/bench/http/paseo_http_ping), DURATION (10s),
#   WARMUP (3s), THREADS (2), CONNECTIONS (64), NGINX_PORT (18081), and for paseo_http_ping
#   IO_THREADS (0 = one per core) and WORKER_THREADS (handler pool, default 64 as in ServerOptions).
# Prints wrk's output for each server and one summary line per server at the end.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
addr="${1:-}"
path="${2:-/ping}"
duration="${DURATION:-10s}"
warmup="${WARMUP:-3s}"
threads="${THREADS:-2}"
connections="${CONNECTIONS:-64}"
nginx_port="${NGINX_PORT:-18081}"
ping_bin="${PING_BIN:-$root/build/release/bench/http/paseo_http_ping}"

tmp="$(mktemp -d)"
ping_pid=""
cleanup() {
  if [[ -n "$ping_pid" ]]; then kill "$ping_pid" 2>/dev/null || true; wait "$ping_pid" 2>/dev/null || true; fi
  if [[ -f "$tmp/nginx.pid" ]]; then kill "$(cat "$tmp/nginx.pid")" 2>/dev/null || true; fi
  sleep 0.2
  rm -rf "$tmp"
}
trap cleanup EXIT

wait_for() {  # url
  for _ in $(seq 1 50); do
    if curl -fsS -o /dev/null "$1" 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "not answering: $1" >&2
  return 1
}

if [[ -z "$addr" ]]; then
  if [[ ! -x "$ping_bin" ]]; then
    echo "build it first: cmake --preset release && cmake --build build/release --target paseo_http_ping" >&2
    exit 1
  fi
  addr="127.0.0.1:18080"
  "$ping_bin" "$addr" "${IO_THREADS:-0}" "${WORKER_THREADS:-64}" >"$tmp/ping.log" 2>&1 &
  ping_pid=$!
fi

mkdir -p "$tmp/html" "$tmp/tmp"
cp "$here/ping.json" "$tmp/html/ping.json"
# The raw limit beside the 90-day OCTO calendar, whose answer is about 33 KB: a static file of
# that size (90 copies of one calendar day).
{
  printf '['
  for i in $(seq 1 90); do
    [[ $i -gt 1 ]] && printf ','
    printf '{"localDate":"2026-12-%02d","available":true,"status":"AVAILABLE","vacancies":100,"capacity":200,"openingHours":[],"unitPricingFrom":[{"unitId":"adult","original":2000,"retail":2000,"net":1600,"currency":"EUR","currencyPrecision":2,"includedTaxes":[]}],"pricingFrom":{"original":0,"retail":0,"net":0,"currency":"EUR","currencyPrecision":2,"includedTaxes":[]}}' $(( (i % 28) + 1 ))
  done
  printf ']'
} >"$tmp/html/calendar90.json"
sed "s/127.0.0.1:18081/127.0.0.1:$nginx_port/" "$here/nginx.conf" >"$tmp/nginx.conf"
chmod -R a+rX "$tmp"  # nginx workers run as nobody when started by root
nginx -p "$tmp" -c "$tmp/nginx.conf" -e "$tmp/error.log"

paseo_url="http://$addr$path"
nginx_url="http://127.0.0.1:$nginx_port/ping.json"
wait_for "$paseo_url"
wait_for "$nginx_url"

declare -A summary
run() {  # name url
  local name="$1" url="$2" out
  echo "== $name: wrk -t$threads -c$connections -d$duration --latency $url (after ${warmup} warm-up)"
  wrk -t"$threads" -c"$connections" -d"$warmup" "$url" >/dev/null
  out="$(wrk -t"$threads" -c"$connections" -d"$duration" --latency "$url")"
  echo "$out"
  local rps p50 p99 errors
  rps="$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")"
  p50="$(awk '$1 == "50%" {print $2}' <<<"$out")"
  p99="$(awk '$1 == "99%" {print $2}' <<<"$out")"
  errors="$(grep -E 'Non-2xx|Socket errors' <<<"$out" | tr '\n' ' ' || true)"
  summary[$name]="$rps req/s, p50 $p50, p99 $p99 ${errors}"
}

run paseo "$paseo_url"
run nginx "$nginx_url"
run nginx_33k "http://127.0.0.1:$nginx_port/calendar90.json"

echo
echo "== summary ($(nproc) cores, $(uname -r), wrk -t$threads -c$connections -d$duration)"
echo "paseo $paseo_url: ${summary[paseo]}"
echo "nginx (2 workers, static file) $nginx_url: ${summary[nginx]}"
echo "nginx (2 workers, static file, $(stat -c %s "$tmp/html/calendar90.json") bytes, calendar-sized) calendar90.json: ${summary[nginx_33k]}"

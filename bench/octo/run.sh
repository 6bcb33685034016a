#!/usr/bin/env bash
# OCTO benchmarks with wrk against octo_bench_server (a real Paseo HTTP server + OCTO routes over a
# fresh database with generated data). Each scenario gets a fresh database.
#
#   bench/octo/run.sh [scenario...]     scenarios: availability calendar calendar-varied spread hot hot10
#                                       hot10-sql (DB=pg) soldout
#
# Environment: BUILD_DIR (build/octo-release), DB (sqlite; "pg" uses PASEO_BENCH_PG_URL),
#   DURATION (10s), THREADS (2), CONNECTIONS (64), PG_CONNECTIONS (32: hot10's clients), DB_POOL
#   (4: the server's database connections in hot10), HOT_CAPACITY (1000000),
#   SOLDOUT_CAPACITY (500), PRODUCTS (100), EXTRA_DEPARTURES (0), PORT (18090),
#   STARTUP_TIMEOUT (300 s: data generation; 100,000 products take longer).
# Build first:
#   cmake -S . -B build/octo-release -G Ninja -DCMAKE_BUILD_TYPE=Release
#   cmake --build build/octo-release --target octo_bench_server -j2
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
build="${BUILD_DIR:-$root/build/octo-release}"
bin="$build/bench/octo/octo_bench_server"
duration="${DURATION:-10s}"
threads="${THREADS:-2}"
connections="${CONNECTIONS:-64}"
port="${PORT:-18090}"
[[ -x "$bin" ]] || { echo "missing $bin; build octo_bench_server in Release first" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk is not installed" >&2; exit 1; }
export BENCH_SCRIPTS="$here"

server_pid=""
work=""
stop_server() {
  if [[ -n "$server_pid" ]]; then
    kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true
    grep -h STATS "$work/server.out" 2>/dev/null || true  # group commit: callbacks per commit
  fi
  server_pid=""
  # Each scenario has its own work directory: remove it here, not only the last one at exit.
  if [[ -n "$work" ]]; then rm -rf "$work"; fi
  work=""
}
cleanup() { stop_server; }
trap cleanup EXIT

# start_server DB_URL [extra args...]
start_server() {
  local url="$1"; shift
  work="$(mktemp -d /tmp/paseo-octo-bench.XXXXXX)"
  export BENCH_DIR="$work"
  "$bin" --db "$url" --dir "$work" --port "$port" "$@" >"$work/server.out" 2>"$work/server.err" &
  server_pid=$!
  for _ in $(seq 1 $(( ${STARTUP_TIMEOUT:-300} * 2 ))); do
    if grep -q READY "$work/server.out" 2>/dev/null; then return 0; fi
    if ! kill -0 "$server_pid" 2>/dev/null; then cat "$work/server.err" >&2; exit 1; fi
    sleep 0.5
  done
  echo "server did not start" >&2; cat "$work/server.err" >&2; exit 1
}

run_wrk() {  # name script connections
  echo "== $1 ($3 connections, $duration)"
  wrk -t"$threads" -c"$3" -d"$duration" --latency -s "$here/$2" "http://127.0.0.1:$port" | tee "$work/$1.txt"
  local rps p99
  rps=$(awk '/Requests\/sec/ {print $2}' "$work/$1.txt")
  p99=$(awk '$1=="99%" {print $2}' "$work/$1.txt")
  echo "SUMMARY $1 req/s=$rps p99=$p99 $(grep -h 'confirmed_per_s\|non2xx' "$work/$1.txt" | tr '\n' ' ')"
}

verify() {
  local url="$1"
  stop_server
  "$bin" verify --db "$url"
}

# A fresh schema has empty, never-analysed tables, and PostgreSQL plans on guesses until
# autovacuum's first ANALYZE (a minute into a live system; never within a 10 s run): with them
# it may look a booking up by uuid through another index that starts with reseller_id, reading
# every booking of the reseller. Measure the steady state: 3 s of bookings, then ANALYZE (which
# also makes the server's prepared statements re-plan) as autovacuum would.
pg_steady_state() {
  MODE=hot10 wrk -t"$threads" -c"${PG_CONNECTIONS:-32}" -d3s -s "$here/reserve_confirm.lua" \
    "http://127.0.0.1:$port" >/dev/null
  psql -q "$1" -c "ANALYZE bookings, booking_unit_items, booking_events, departures, outbox"
}

db_url_for() {
  if [[ "${DB:-sqlite}" == "pg" ]]; then
    [[ -n "${PASEO_BENCH_PG_URL:-}" ]] || { echo "PASEO_BENCH_PG_URL is not set" >&2; exit 1; }
    # A fresh schema per scenario (the generator's fixed ids must not collide).
    local schema="octo_bench_$RANDOM$RANDOM"
    psql -q "$PASEO_BENCH_PG_URL" -c "CREATE SCHEMA $schema" >/dev/null
    local sep='?'; [[ "$PASEO_BENCH_PG_URL" == *\?* ]] && sep='&'
    echo "${PASEO_BENCH_PG_URL}${sep}options=-csearch_path%3D$schema"
  else
    echo "sqlite:$(mktemp -d /tmp/paseo-octo-db.XXXXXX)/paseo.db"
  fi
}

# Paseo's default pool (Config::db_connections). On PostgreSQL more connections than the server
# has cores fight over the hot rows and the CPU: docs/benchmarks.md, "pool size".
db_pool="${DB_POOL:-4}"

scenarios=("$@")
[[ ${#scenarios[@]} -gt 0 ]] || scenarios=(availability calendar spread hot soldout)
for s in "${scenarios[@]}"; do
  case "$s" in
    availability)
      url=$(db_url_for); start_server "$url" --products "${PRODUCTS:-100}" --extra-departures "${EXTRA_DEPARTURES:-0}"
      run_wrk availability availability.lua "$connections"; stop_server ;;
    calendar)
      url=$(db_url_for); start_server "$url" --products "${PRODUCTS:-100}" --extra-departures "${EXTRA_DEPARTURES:-0}"
      run_wrk calendar calendar.lua "$connections"; stop_server ;;
    calendar-varied)
      url=$(db_url_for); start_server "$url" --products "${PRODUCTS:-100}" --extra-departures "${EXTRA_DEPARTURES:-0}"
      run_wrk calendar_varied calendar_varied.lua "$connections"; stop_server ;;
    spread)
      url=$(db_url_for); start_server "$url"
      MODE=spread run_wrk reserve_confirm_spread reserve_confirm.lua "$connections"; verify "$url" ;;
    hot)
      url=$(db_url_for); start_server "$url" --hot-capacity "${HOT_CAPACITY:-1000000}"
      MODE=hot run_wrk reserve_confirm_hot reserve_confirm.lua "$connections"; verify "$url" ;;
    hot10)
      # The PostgreSQL target: 32 client connections on 10 hot departures (DB=pg,
      # PASEO_BENCH_PG_URL), served through Paseo's own default pool of DB_POOL connections.
      url=$(db_url_for); start_server "$url" --db-connections "$db_pool"
      [[ "${DB:-sqlite}" == "pg" ]] && pg_steady_state "$url"
      MODE=hot10 run_wrk reserve_confirm_hot10 reserve_confirm.lua "${PG_CONNECTIONS:-32}"; verify "$url" ;;
    hot10-sql)
      # The raw limit beside hot10: the same bookings' SQL sent by pgbench (pg_booking.sql), with
      # as many clients as hot10 has connections and with as many as Paseo's pool, on a schema
      # the generator built and 3 s of hot10 warmed (which also creates the ten departure rows).
      [[ "${DB:-sqlite}" == "pg" ]] || { echo "hot10-sql needs DB=pg" >&2; exit 2; }
      url=$(db_url_for); start_server "$url" --db-connections "$db_pool"
      pg_steady_state "$url"
      day=$(head -c 10 "$work/spread_ids.txt")
      stop_server
      for clients in "${PG_CONNECTIONS:-32}" "$db_pool"; do
        echo "== booking SQL through pgbench ($clients clients, $duration)"
        tps=$("${PGBENCH:-/usr/lib/postgresql/15/bin/pgbench}" -n -M prepared -c "$clients" -j 2 \
          -T "${duration%s}" -D day="$day" -D now="$(date +%s%3N)" -f "$here/pg_booking.sql" "$url" 2>&1 |
          awk '/^tps/ {print $3}')
        echo "SUMMARY booking_sql_pgbench clients=$clients bookings_per_s=${tps%.*}"
      done ;;
    soldout)
      # Everyone fights for SOLDOUT_CAPACITY seats of one departure: exactly that many are sold.
      url=$(db_url_for); start_server "$url" --hot-capacity "${SOLDOUT_CAPACITY:-500}"
      MODE=hot run_wrk reserve_confirm_soldout reserve_confirm.lua "$connections"; verify "$url"
      echo "(expected seats_booked=${SOLDOUT_CAPACITY:-500})" ;;
    *) echo "unknown scenario $s" >&2; exit 2 ;;
  esac
  # A scenario's SQLite database has a directory of its own (db_url_for); PostgreSQL schemas stay.
  if [[ "$url" == sqlite:* ]]; then rm -rf "$(dirname "${url#sqlite:}")"; fi
done

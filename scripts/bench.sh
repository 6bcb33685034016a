#!/usr/bin/env bash
# Runs every benchmark under bench/ in Release and appends the figures, the commands and the
# machine to docs/benchmarks.md. Each target is measured beside its raw limit:
#   storage  Google Benchmark of our storage layer vs plain sqlite3 C-API transactions;
#   http     wrk on a trivial Paseo route vs the same static file from Debian's nginx;
#   octo     wrk on OCTO availability/calendar/reserve+confirm (SQLite and PostgreSQL);
#   extranet bookings list / calendar / day sheet for a supplier with 100,000 bookings;
#   engine   availability and bookings through the app services, 100 -> 100,000 products and
#            1,000 -> 10 million departures (building the largest takes ~10 minutes).
#   bash scripts/bench.sh [storage http octo octo-pg extranet engine]   (default: all)
# Environment: DURATION (wrk, default 10s), NOTE (a line stored with the run).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
parts=("$@")
[ ${#parts[@]} -gt 0 ] || parts=(storage http octo octo-pg extranet engine)
export DURATION=${DURATION:-10s}

bash scripts/setup-deps.sh --test >/dev/null
cmake --preset release >/dev/null
cmake --build --preset release --target storage_bench paseo_http_ping octo_bench_server \
  paseo_extranet_bench engine_bench >/dev/null
build="$root/build/release"

out=$(mktemp -d /tmp/paseo-bench.XXXXXX)
pg_dir=""
cleanup() {
  if [ -n "$pg_dir" ]; then bash scripts/pg-test-server.sh stop "$pg_dir" >/dev/null 2>&1 || true; rm -rf "$pg_dir"; fi
}
trap cleanup EXIT
# Starts the throwaway PostgreSQL server once, in this shell (not in a $(...) subshell, or the
# EXIT trap would not know pg_dir and the server would outlive the run).
start_pg() {
  if [ -z "$pg_dir" ]; then
    pg_dir=$(mktemp -d /tmp/paseo-bench-pg.XXXXXX)
    PG_URL=$(bash scripts/pg-test-server.sh start "$pg_dir")
  fi
}

report="$out/report.md"
{
  echo
  echo "## Run of $(date -u '+%Y-%m-%d %H:%M UTC') at commit $(git rev-parse --short HEAD)"
  echo
  echo "Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'))," \
       "$(free -g | awk '/Mem:/ {print $2}') GiB RAM, $(uname -sr), load average at start:" \
       "$(cut -d' ' -f1-3 /proc/loadavg). ${NOTE:-}"
  # The raw limit of every durable commit: one fdatasync of the disk under the repository.
  fsync_line=$(/usr/lib/postgresql/15/bin/pg_test_fsync -s 1 -f "$root/.bench-fsync-test" 2>/dev/null \
    | awk '$1=="fdatasync" && $3=="ops/sec" {print $2 " fdatasync/s (" $4 " us each)"; exit}')
  rm -f "$root/.bench-fsync-test"
  echo
  echo "Disk: ${fsync_line:-not measured} (pg_test_fsync, one 8 kB write; the ceiling on durable commits per second)."
  echo
} >"$report"

section() { printf '\n### %s\n\nCommand: `%s`\n\n```\n' "$1" "$2" >>"$report"; }
end_section() { printf '```\n' >>"$report"; }

for part in "${parts[@]}"; do
  case "$part" in
    storage)
      cmd="build/release/bench/storage/storage_bench --benchmark_repetitions=3 --benchmark_report_aggregates_only=true"
      section "Storage layer vs raw sqlite3 (WAL, synchronous=FULL)" "$cmd"
      "$build/bench/storage/storage_bench" --benchmark_repetitions=3 --benchmark_report_aggregates_only=true \
        2>/dev/null | grep -E 'median|Benchmark' >>"$report"
      end_section ;;
    http)
      cmd="PING_BIN=build/release/bench/http/paseo_http_ping bench/http/run.sh"
      section "HTTP: trivial Paseo route vs nginx static file (wrk -t2 -c64 -d$DURATION)" "$cmd"
      PING_BIN="$build/bench/http/paseo_http_ping" bash bench/http/run.sh 2>&1 | tee "$out/http.txt" \
        | grep -iE 'summary|req/s' >>"$report" || true
      end_section ;;
    octo)
      cmd="BUILD_DIR=build/release bench/octo/run.sh availability calendar calendar-varied spread hot soldout"
      section "OCTO on SQLite (wrk, 64 connections)" "$cmd"
      BUILD_DIR="$build" bash bench/octo/run.sh availability calendar calendar-varied spread hot soldout 2>&1 \
        | tee "$out/octo.txt" | grep -E 'SUMMARY|STATS|oversold|seats_booked|expected' >>"$report" || true
      end_section ;;
    octo-pg)
      start_pg
      url=$PG_URL
      # hot10-sql: the raw limit of hot10 itself, its bookings' SQL sent by pgbench.
      cmd="DB=pg PASEO_BENCH_PG_URL=<throwaway server> BUILD_DIR=build/release bench/octo/run.sh hot10 hot10-sql availability"
      section "OCTO on PostgreSQL 15 (throwaway server, fsync=off: not a durability figure)" "$cmd"
      DB=pg PASEO_BENCH_PG_URL="$url" BUILD_DIR="$build" bash bench/octo/run.sh hot10 hot10-sql availability 2>&1 \
        | tee "$out/octo-pg.txt" | grep -E 'SUMMARY|STATS|oversold|seats_booked' >>"$report" || true
      end_section
      # The raw limit beside it: pgbench's TPC-B-like transaction (BEGIN, 3 UPDATEs on 10 hot
      # branch rows and their tellers/accounts, SELECT, INSERT, END: 7 round trips) with as many
      # clients, prepared, on the same server. A Paseo booking is two transactions (reserve, confirm).
      pg_host=$(sed -E 's/.*host=([^&]+).*/\1/' <<<"$url"); pg_port=$(sed -E 's/.*port=([0-9]+).*/\1/' <<<"$url")
      pgbench=/usr/lib/postgresql/15/bin/pgbench
      cmd="pgbench -i -s 10; pgbench -c ${PG_CONNECTIONS:-32} -j 2 -T ${DURATION%s} -M prepared"
      section "Raw limit: pgbench TPC-B on the same PostgreSQL server" "$cmd"
      "$pgbench" -h "$pg_host" -p "$pg_port" -U postgres -i -s 10 -q postgres >/dev/null 2>&1
      "$pgbench" -h "$pg_host" -p "$pg_port" -U postgres -c "${PG_CONNECTIONS:-32}" -j 2 \
        -T "${DURATION%s}" -M prepared postgres 2>&1 | grep -E '^tps|latency average' >>"$report" || true
      end_section ;;
    extranet)
      cmd="build/release/bench/extranet/paseo_extranet_bench --bookings=100000 --benchmark_repetitions=3 --benchmark_report_aggregates_only=true"
      section "Extranet handlers, one supplier with 100,000 bookings (server side)" "$cmd"
      "$build/bench/extranet/paseo_extranet_bench" --bookings=100000 --benchmark_repetitions=3 \
        --benchmark_report_aggregates_only=true 2>/dev/null | grep -E 'median|Benchmark' >>"$report"
      end_section ;;
    engine)
      cmd="build/release/bench/engine/engine_bench --benchmark_min_time=0.5"
      section "Engine (app services, no HTTP), SQLite" "$cmd"
      "$build/bench/engine/engine_bench" --benchmark_min_time=0.5 2>/dev/null \
        | grep -vE '^-+$|^Run on|^CPU|^  L[0-9]|^Load' >>"$report"
      end_section ;;
    *) echo "bench: unknown part '$part'" >&2; exit 2 ;;
  esac
done

[ -f docs/benchmarks.md ] || printf '# Benchmarks\n\nAppended by `bash scripts/bench.sh`; newest run last.\n' >docs/benchmarks.md
cat "$report" >>docs/benchmarks.md
cat "$report"
echo "bench: appended to docs/benchmarks.md (raw outputs in $out)"

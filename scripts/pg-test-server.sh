#!/usr/bin/env bash
# A throwaway PostgreSQL 15 server for tests: trust auth, unix socket only (no TCP), fsync off.
#
#   scripts/pg-test-server.sh start DIR   # initdb DIR/data if needed, start, print the URL
#   scripts/pg-test-server.sh stop DIR    # fast shutdown (DIR is kept; rm -rf it yourself)
#   scripts/pg-test-server.sh url DIR     # print the URL again
#
# The URL is postgresql:///postgres?host=DIR&port=PORT&user=postgres (export it as
# PASEO_TEST_PG_URL). Port: $PASEO_PG_PORT or 55432; it only names the socket file inside DIR, so
# several servers with different DIRs can share it. PG binaries: $PGBIN or
# /usr/lib/postgresql/15/bin. Run as root, the server runs as the `postgres` user and DIR is given
# to it. Never use this for real data: fsync=off loses commits on a power cut.
set -euo pipefail

PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
PORT=${PASEO_PG_PORT:-55432}

die() { echo "pg-test-server: $*" >&2; exit 1; }
usage() { die "usage: $0 start|stop|url DIR"; }

[[ $# -eq 2 ]] || usage
cmd=$1
dir=$(realpath -m -- "$2")
data="$dir/data"
url="postgresql:///postgres?host=$dir&port=$PORT&user=postgres"

# initdb/pg_ctl refuse to run as root: run them as postgres then.
as_pg() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

running() { [[ -f "$data/postmaster.pid" ]] && as_pg "$PGBIN/pg_ctl" -D "$data" status >/dev/null 2>&1; }
# The port a running server really uses (line 4 of postmaster.pid), whatever PASEO_PG_PORT says.
actual_url() {
  local p
  p=$(sed -n 4p "$data/postmaster.pid" 2>/dev/null || true)
  echo "postgresql:///postgres?host=$dir&port=${p:-$PORT}&user=postgres"
}

case "$cmd" in
  start)
    [[ -x "$PGBIN/initdb" ]] || die "no PostgreSQL binaries in $PGBIN (apt-get install postgresql-15)"
    [[ $dir != *[[:space:]\'\"]* ]] || die "DIR must not contain spaces or quotes: $dir"
    # Unix socket paths are limited to 107 bytes.
    sock="$dir/.s.PGSQL.$PORT"
    (( ${#sock} < 100 )) || die "DIR is too long for a unix socket path ($sock); use a shorter one"
    mkdir -p "$dir"
    if [[ $(id -u) -eq 0 ]]; then
      id postgres >/dev/null 2>&1 || die "running as root but there is no postgres user"
      chown postgres: "$dir"
      runuser -u postgres -- test -w "$dir" ||
        die "user postgres cannot reach $dir (a parent directory is not searchable)"
    fi
    if running; then
      actual_url
      exit 0
    fi
    if [[ ! -s "$data/PG_VERSION" ]]; then
      as_pg "$PGBIN/initdb" -A trust -U postgres -E UTF8 --no-locale -D "$data" \
        >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; die "initdb failed"; }
    fi
    opts="-c listen_addresses='' -c unix_socket_directories='$dir' -p $PORT"
    opts+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    opts+=" -c max_connections=200 -c shared_buffers=128MB"
    if ! as_pg "$PGBIN/pg_ctl" -D "$data" -l "$dir/postgres.log" -w -t 60 -o "$opts" start \
      >/dev/null 2>&1; then
      tail -n 20 "$dir/postgres.log" >&2 || true
      die "could not start PostgreSQL in $dir (log: $dir/postgres.log)"
    fi
    echo "$url"
    ;;
  stop)
    if [[ -f "$data/postmaster.pid" ]]; then
      as_pg "$PGBIN/pg_ctl" -D "$data" -m fast -w -t 60 stop >/dev/null ||
        die "could not stop PostgreSQL in $dir"
    fi
    ;;
  url)
    if running; then actual_url; else echo "$url"; fi
    ;;
  *)
    usage
    ;;
esac

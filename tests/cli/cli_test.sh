#!/usr/bin/env bash
# The `paseo` binary as a new user meets it: --help documents every option; a wrong --db URL, an
# unreachable database or a busy port exits 1 with exactly one line on stderr saying what and where;
# `serve --demo` answers /healthz and prints the demo logins; SIGTERM stops it cleanly.
set -u
paseo=${1:?usage: cli_test.sh PATH_TO_PASEO}
work=$(mktemp -d)
server_pid=""
trap '[ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; rm -rf "$work"' EXIT
failures=0
check() {  # name, condition result (0 = ok), detail
  if [ "$2" -eq 0 ]; then echo "ok   $1"; else echo "FAIL $1: $3"; failures=$((failures + 1)); fi
}
expect_one_line_failure() {  # name, expected substring, args...
  local name=$1 want=$2; shift 2
  "$paseo" "$@" >"$work/out" 2>"$work/err"
  local rc=$? lines
  lines=$(wc -l <"$work/err")
  grep -q -- "$want" "$work/err"
  check "$name" $(( rc != 1 || lines != 1 || $? != 0 )) "rc=$rc lines=$lines stderr=$(cat "$work/err")"
}

help=$("$paseo" serve --help)
missing=""
for opt in --config --db --listen --data-dir --web-root --public-url --io-threads --worker-threads \
           --db-connections --smtp-url --smtp-from --demo --no-access-log --log-level; do
  grep -q -- "$opt" <<<"$help" || missing="$missing $opt"
done
check "serve --help documents every option" $([ -z "$missing" ]; echo $?) "missing:$missing"

expect_one_line_failure "unknown --db scheme" "unknown database URL scheme 'mysql'" \
  serve --db mysql://localhost/paseo --listen 127.0.0.1:0
expect_one_line_failure "unreachable PostgreSQL" "127.0.0.1" \
  serve --db "postgresql://paseo@127.0.0.1:1/paseo?connect_timeout=2" --listen 127.0.0.1:0
expect_one_line_failure "bad --listen" "is not host:port" serve --db "sqlite:$work/a.db" --listen nowhere
printf 'nonsense = 1\n' >"$work/bad.toml"
expect_one_line_failure "unknown config key" "unknown setting 'nonsense'" \
  serve --config "$work/bad.toml" --db "sqlite:$work/a.db"

# A busy port: hold one with a first server, then start a second on it.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir -p "$work/web"
echo '<!doctype html><title>Paseo</title>' >"$work/web/index.html"
"$paseo" serve --db "sqlite:$work/demo.db" --data-dir "$work" --listen "127.0.0.1:$port" --demo \
  --web-root "$work/web" >"$work/server.out" 2>"$work/server.err" &
server_pid=$!
healthy=1
for _ in $(seq 1 100); do
  if curl -fsS "http://127.0.0.1:$port/healthz" >"$work/health" 2>/dev/null; then healthy=0; break; fi
  sleep 0.2
done
check "serve --demo answers /healthz" $healthy "$(cat "$work/server.err")"
grep -q '"status":"ok"' "$work/health"
check "/healthz reports the database ok" $? "$(cat "$work/health")"
grep -q "Supplier login:" "$work/server.out" && grep -q "Reseller API key: pk_" "$work/server.out"
check "demo logins and reseller key are printed" $? "$(cat "$work/server.out")"
curl -fsS "http://127.0.0.1:$port/metrics" | grep -q 'paseo_db_write_queue_depth'
check "/metrics exposes database gauges" $? ""
# The same OCTO calendar twice with the printed key: the second comes from the memo.
key=$(sed -n 's/.*Reseller API key: \(pk_[A-Za-z0-9_-]*\).*/\1/p' "$work/server.out" | head -1)
read -r product option < <(curl -fsS -H "Authorization: Bearer $key" "http://127.0.0.1:$port/octo/products" |
  python3 -c 'import json,sys; p=json.load(sys.stdin)[0]; print(p["id"], p["options"][0]["id"])')
from=$(date -u +%F); to=$(date -u -d '+30 days' +%F)
for _ in 1 2; do
  curl -fsS -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
    -d "{\"productId\":\"$product\",\"optionId\":\"$option\",\"localDateStart\":\"$from\",\"localDateEnd\":\"$to\"}" \
    "http://127.0.0.1:$port/octo/availability/calendar" >"$work/calendar.json"
done
curl -fsS "http://127.0.0.1:$port/metrics" >"$work/metrics"
grep -q '^paseo_octo_calendar_memo_hits_total 1$' "$work/metrics" &&
  grep -q '^paseo_octo_calendar_memo_misses_total 1$' "$work/metrics"
check "a repeated OCTO calendar is answered from the memo (/metrics)" $? "$(grep calendar_memo "$work/metrics"; head -c 300 "$work/calendar.json")"
# The web app answers its client-side routes; an unknown path under an API is that API's 404.
status_of() { curl -s -o "$work/body" -w '%{http_code}' "$@"; }
[ "$(status_of "http://127.0.0.1:$port/supplier/calendar")" = 200 ] && grep -q '<title>Paseo' "$work/body"
check "a client-side route of the web app gets index.html" $? "$(head -c 200 "$work/body")"
[ "$(status_of -H "Authorization: Bearer $key" "http://127.0.0.1:$port/octo/products/")" = 404 ] &&
  grep -q '"errorMessage":"no such OCTO endpoint' "$work/body"
check "an unknown GET under /octo is an OCTO 404, not the web app" $? "$(head -c 200 "$work/body")"
[ "$(status_of "http://127.0.0.1:$port/api/v1/extranet/nonexistent")" = 404 ] &&
  grep -q '"error":{"code":"NOT_FOUND"' "$work/body"
check "an unknown GET under /api is a JSON 404, not the web app" $? "$(head -c 200 "$work/body")"
expect_one_line_failure "busy port" "Address already in use" \
  serve --db "sqlite:$work/b.db" --listen "127.0.0.1:$port"
kill -TERM "$server_pid"
wait "$server_pid"
check "SIGTERM stops the server with exit 0" $? "see $work/server.err"
server_pid=""

echo "cli: $failures failures"
exit $((failures > 0))

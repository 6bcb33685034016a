#!/usr/bin/env bash
# Fails when a module includes what its layer forbids (docs/architecture.md, "Dependency rules"):
#  - src/domain: pure rules, no I/O, SQL, JSON, Boost, logging, HTTP clients, crypto or threads;
#  - Boost only inside src/http (and tests/bench);
#  - src/common, src/domain, src/storage never include api/ or http/ headers.
set -u
root=${1:?usage: check_layering.sh SOURCE_DIR}
status=0
report() { echo "layering: $1"; status=1; }

hits=$(grep -rnE '#include *[<"](boost/|sqlite3\.h|libpq-fe\.h|rapidjson/|spdlog/|fmt/|curl/|sodium\.h|thread>|fstream>|iostream>|filesystem>|storage/|http/|api/|jobs/|app/)' \
  "$root/src/domain" 2>/dev/null)
[ -n "$hits" ] && report "src/domain must stay pure:
$hits"

hits=$(grep -rlE '#include *<boost/' "$root/src" | grep -v "^$root/src/http/" )
[ -n "$hits" ] && report "Boost is included outside src/http:
$hits"

hits=$(grep -rlE '#include *<boost/' "$root/src/http" --include='*.h' )
[ -n "$hits" ] && report "Boost leaks through a src/http header (handlers must not see Boost):
$hits"

hits=$(grep -rnE '#include *"(api|http|jobs)/' "$root/src/common" "$root/src/domain" "$root/src/storage" "$root/src/app" 2>/dev/null)
[ -n "$hits" ] && report "a lower layer includes an upper one:
$hits"

[ $status -eq 0 ] && echo "layering: ok"
exit $status

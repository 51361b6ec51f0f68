#!/usr/bin/env bash
# Times the PostgreSQL connector against psql on the server in RUNBOOK_PG_URL.
#
#   eval "$(scripts/postgres.sh start)"; benchmarks/pg.sh
#
# 1. N small queries (default 1,000): the connector (`pg-bench small N`: one connection, `SELECT $1::int`
#    with a bound parameter, extended protocol) vs one `psql -f` session running N `SELECT i::int;` lines
#    (simple protocol) vs N separate `psql -c` processes.
# 2. `SELECT count(*)` over a 1,000,000-row table built with generate_series: `pg-bench once` vs `psql -c`,
#    both as whole processes (start, connect, query, exit), best of ROUNDS.
# Env: N, ROUNDS (3), SCRATCH (.build), CONFIG (release).
set -euo pipefail
cd "$(dirname "$0")/.."
: "${RUNBOOK_PG_URL:?set RUNBOOK_PG_URL, e.g. eval \"\$(scripts/postgres.sh start)\"}"
N=${N:-1000}
ROUNDS=${ROUNDS:-3}
SCRATCH=${SCRATCH:-.build}
CONFIG=${CONFIG:-release}
TABLE=pg_bench_1m_$$
TMP=$(mktemp -d)

psql_() { psql -X -q -v ON_ERROR_STOP=1 -d "$RUNBOOK_PG_URL" "$@"; }
cleanup() {
    rm -rf "$TMP"
    psql_ -c "DROP TABLE IF EXISTS $TABLE" >/dev/null 2>&1 || true
}
trap cleanup EXIT

ms_now() { date +%s%N; }
elapsed_ms() { echo $((($(date +%s%N) - $1) / 1000000)); }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }

echo "building pg-bench ($CONFIG)..." >&2
swift build -c "$CONFIG" --scratch-path "$SCRATCH" --product pg-bench >&2
BIN=$SCRATCH/$CONFIG/pg-bench

echo "== $N small queries"
start=$(ms_now)
loop=$("$BIN" small "$N" | sed -n 's/.* in \([0-9.]*\) s$/\1/p')
connector_process=$(elapsed_ms "$start")
connector_loop=$(awk -v s="$loop" 'BEGIN { printf "%d", s * 1000 }')

for i in $(seq 1 "$N"); do echo "SELECT $i::int AS n;"; done >"$TMP/small.sql"
start=$(ms_now)
psql_ -f "$TMP/small.sql" >/dev/null
psql_file=$(elapsed_ms "$start")

start=$(ms_now)
for i in $(seq 1 "$N"); do psql_ -Atc "SELECT $i::int" >/dev/null; done
psql_calls=$(elapsed_ms "$start")

printf '%-44s %8s ms  %s\n' "connector, queries only (one connection)" "$connector_loop" "1.00"
printf '%-44s %8s ms  %s\n' "connector, whole process (start+connect)" "$connector_process" \
    "$(ratio "$connector_process" "$connector_loop")"
printf '%-44s %8s ms  %s\n' "psql -f (one session)" "$psql_file" "$(ratio "$psql_file" "$connector_loop")"
printf '%-44s %8s ms  %s\n' "psql -c x $N (one process each)" "$psql_calls" "$(ratio "$psql_calls" "$connector_loop")"

echo "== SELECT count(*) over 1,000,000 rows (best of $ROUNDS, whole process)"
psql_ -c "CREATE TABLE $TABLE AS SELECT g AS id FROM generate_series(1, 1000000) AS g" >/dev/null
psql_ -c "VACUUM ANALYZE $TABLE" >/dev/null
best_connector=999999
best_psql=999999
for _ in $(seq 1 "$ROUNDS"); do
    start=$(ms_now)
    out=$("$BIN" once "SELECT count(*) FROM $TABLE")
    t=$(elapsed_ms "$start")
    [[ $out == *"-> 1000000" ]] || { echo "unexpected connector output: $out" >&2; exit 1; }
    ((t < best_connector)) && best_connector=$t
    start=$(ms_now)
    out=$(psql_ -Atc "SELECT count(*) FROM $TABLE")
    t=$(elapsed_ms "$start")
    [[ $out == 1000000 ]] || { echo "unexpected psql output: $out" >&2; exit 1; }
    ((t < best_psql)) && best_psql=$t
done
printf '%-44s %8s ms  %s\n' "connector (pg-bench once)" "$best_connector" "1.00"
printf '%-44s %8s ms  %s\n' "psql -c" "$best_psql" "$(ratio "$best_psql" "$best_connector")"

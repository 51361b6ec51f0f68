#!/usr/bin/env bash
# Keyed-diff benchmark: `compare op: same_rows` of the follows edges (composite key follower_id, following_id)
# between PostgreSQL and a graph, against a Python peer doing the same merge-join (psycopg named cursor + the
# neo4j driver, benchmarks/drift_peer.py). Prints both times, the ratio and each one's peak RSS.
#
# MODE=sync instead times a `sync` step repairing DRIFT deleted edges against benchmarks/sync_peer.py.
#
#   benchmarks/drift.sh   (env: SCRATCH, BENCH_DB, RUNBOOK_BENCH_BOLT_PORT, USERS, FOLLOWS, DRIFT, REPEAT, BATCH, MODE,
#                          RUNBOOK_BIN to time another build of runbook)
#
# The issue's size is USERS=100000 FOLLOWS=500000; the defaults are smaller. DRIFT edges (default 1% of
# FOLLOWS) are deleted from the graph after loading it, so that both contenders must find them; their counts
# are checked to agree. Uses its own database (BENCH_DB, default drift_bench) on the test PostgreSQL and its own
# FalkorDB on port 7711 (data in /tmp/runbook-bench-bolt-7711), stopped at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
SCRATCH=${SCRATCH:-.build-bench-release}
VENV=${RUNBOOK_BENCH_VENV:-$SCRATCH-pyvenv}
BENCH_DB=${BENCH_DB:-drift_bench}
PORT=${RUNBOOK_BENCH_BOLT_PORT:-7711}
USERS=${USERS:-20000} FOLLOWS=${FOLLOWS:-100000} REPEAT=${REPEAT:-3}
DRIFT=${DRIFT:-$((FOLLOWS / 100))}
BATCH=${BATCH:-10000}
WORK=$(mktemp -d /tmp/drift-bench.XXXXXX)

log() { printf '[drift.sh %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

eval "$(scripts/postgres.sh start)"
export RUNBOOK_BOLT_DIR=/tmp/runbook-bench-bolt-$PORT RUNBOOK_BOLT_PORT=$PORT
cleanup() {
    scripts/bolt-server.sh stop >/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT
scripts/bolt-server.sh restart >/dev/null
BOLT_URL=bolt://127.0.0.1:$PORT

if [[ ! -x $VENV/bin/python ]] || ! "$VENV/bin/python" -c 'import psycopg, neo4j' 2>/dev/null; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q --disable-pip-version-check 'psycopg[binary]==3.*' 'neo4j==6.4.1'
fi
[[ -n ${RUNBOOK_BIN:-} ]] || swift build -c release --scratch-path "$SCRATCH" --product runbook >&2
RUNBOOK=${RUNBOOK_BIN:-$SCRATCH/release/runbook}

psql "$RUNBOOK_PG_URL" -qtAc "SELECT 1 FROM pg_database WHERE datname = '$BENCH_DB'" | grep -q 1 ||
    psql "$RUNBOOK_PG_URL" -qc "CREATE DATABASE $BENCH_DB"
export BENCH_PG_URL=${RUNBOOK_PG_URL%/*}/$BENCH_DB
psql "$BENCH_PG_URL" -v ON_ERROR_STOP=1 -q -f sandbox/schema.sql
psql "$BENCH_PG_URL" -v ON_ERROR_STOP=1 -q -c "CREATE TABLE IF NOT EXISTS bench_meta (users int, follows int)"
if [[ $(psql "$BENCH_PG_URL" -qtAc "SELECT users || ' ' || follows FROM bench_meta") != "$USERS $FOLLOWS" ]]; then
    log "seeding $USERS users and $FOLLOWS follows into $BENCH_DB"
    psql "$BENCH_PG_URL" -v ON_ERROR_STOP=1 -q -v users="$USERS" -v follows="$FOLLOWS" -f sandbox/seed.sql >/dev/null
    psql "$BENCH_PG_URL" -qc "ANALYZE; TRUNCATE bench_meta; INSERT INTO bench_meta VALUES ($USERS, $FOLLOWS)"
fi

# The diff both contenders compute (runbooks/drift-check.yaml's follows diff).
SQL="SELECT f.follower_id, f.following_id FROM follows AS f JOIN users AS a ON a.id = f.follower_id AND a.deleted_at IS NULL JOIN users AS b ON b.id = f.following_id AND b.deleted_at IS NULL ORDER BY f.follower_id COLLATE \"C\", f.following_id COLLATE \"C\""
CYPHER="MATCH (a:User)-[:FOLLOWS]->(b:User) RETURN a.id AS follower_id, b.id AS following_id ORDER BY follower_id, following_id"

cat >"$WORK/load.yaml" <<YAML
runbook: drift-bench-load
secrets:
  DB: { env: BENCH_PG_URL }
connections:
  pg: { postgres: "\${{ secrets.DB }}" }
  graph: { neo4j: "$BOLT_URL", user: falkordb, password: "" }
phases:
  - id: load
    steps:
      - id: index
        cypher: { on: graph, query: "CREATE INDEX FOR (u:User) ON (u.id)" }
      - id: users
        transfer:
          from: { on: pg, query: "SELECT id FROM users WHERE deleted_at IS NULL" }
          to: { on: graph, query: "UNWIND \$rows AS r MERGE (u:User {id: r.id})" }
          batch: $BATCH
          key: id
      - id: follows
        transfer:
          from:
            on: pg
            query: |
              $SQL
          to: { on: graph, query: "UNWIND \$rows AS r MATCH (a:User {id: r.follower_id}) MATCH (b:User {id: r.following_id}) MERGE (a)-[:FOLLOWS]->(b)" }
          batch: $BATCH
          key: [follower_id, following_id]
      - id: drift
        cypher: { on: graph, query: "MATCH (:User)-[f:FOLLOWS]->(:User) WITH f LIMIT $DRIFT DELETE f" }
YAML
cat >"$WORK/diff.yaml" <<YAML
runbook: drift-bench-diff
secrets:
  DB: { env: BENCH_PG_URL }
connections:
  pg: { postgres: "\${{ secrets.DB }}" }
  graph: { neo4j: "$BOLT_URL", user: falkordb, password: "" }
phases:
  - id: diff
    steps:
      - id: follows
        compare:
          left:
            sql:
              on: pg
              query: |
                $SQL
          right: { cypher: { on: graph, query: "$CYPHER" } }
          op: same_rows
          key: [follower_id, following_id]
          batch: $BATCH
        on_failure: continue
YAML
log "loading the graph (transfer), then deleting $DRIFT edges from it"
"$RUNBOOK" run "$WORK/load.yaml" --state "$WORK/load-state" --yes >"$WORK/load.log" || { cat "$WORK/load.log" >&2; exit 1; }
python3 scripts/bolt-check.py 127.0.0.1 "$PORT" >/dev/null 2>&1 || true

best() { tr ' ' '\n' | grep . | sort -g | head -n 1; }
max() { tr ' ' '\n' | grep . | sort -g | tail -n 1; }

if [[ ${MODE:-diff} == sync ]]; then
    # MODE=sync: before each contender DRIFT edges are deleted from the graph again; the contender repairs them
    # (runbook: a `sync` step; peer: benchmarks/sync_peer.py, the same diff + verify + UNWIND writes), and the
    # graph's edge count, read with the Python driver, must equal PostgreSQL's afterwards.
    UPSERT="UNWIND \$rows AS r MATCH (a:User {id: r.follower_id}) MATCH (b:User {id: r.following_id}) MERGE (a)-[:FOLLOWS]->(b)"
    DELETE="UNWIND \$rows AS r MATCH (:User {id: r.follower_id})-[f:FOLLOWS]->(:User {id: r.following_id}) DELETE f"
    sed -n '1,/^phases:/p' "$WORK/diff.yaml" | sed 's/drift-bench-diff/drift-bench-sync/' >"$WORK/sync.yaml"
    cat >>"$WORK/sync.yaml" <<YAML
  - id: repair
    steps:
      - id: follows
        sync:
          from:
            on: pg
            query: |
              $SQL
          to: { on: graph, read: "$CYPHER", upsert: "$UPSERT", delete: "$DELETE" }
          key: [follower_id, following_id]
          batch: $BATCH
YAML
    sed -n '1,/^phases:/p' "$WORK/load.yaml" | sed 's/drift-bench-load/drift-bench-inject/' >"$WORK/inject.yaml"
    grep -A1 -- '- id: drift$' "$WORK/load.yaml" | sed '1i\  - id: inject\n    steps:' >>"$WORK/inject.yaml"
    SOURCE=$(psql "$BENCH_PG_URL" -qtAc "SELECT count(*) FROM ($SQL) AS s")
    edges() {
        "$VENV/bin/python" - "$BOLT_URL" <<'PY'
import os, sys
from neo4j import GraphDatabase
records, _, _ = GraphDatabase.driver(sys.argv[1], auth=("falkordb", "")).execute_query(
    "MATCH (:User)-[f:FOLLOWS]->(:User) RETURN count(f)")
print(records[0][0], flush=True)
os._exit(0)
PY
    }
    inject() { # the load already left DRIFT edges out of the graph; later rounds delete them again
        [[ $(edges) != "$SOURCE" ]] || "$RUNBOOK" run "$WORK/inject.yaml" --state "$WORK/inject-$1" --yes >/dev/null
        [[ $(edges) == $((SOURCE - DRIFT)) ]] || { log "the drift was not injected"; exit 1; }
    }
    OURS="" PEERS="" OURS_RSS="" PEER_RSS=""
    for round in $(seq "$REPEAT"); do
        log "round $round/$REPEAT: runbook sync"
        inject "ours-$round"
        read -r secs rss < <({ /usr/bin/time -f "%e %M" "$RUNBOOK" run "$WORK/sync.yaml" --state "$WORK/sync-$round" \
            --yes >"$WORK/sync.log"; } 2>&1 | tail -n 1)
        OURS+=" $secs" OURS_RSS+=" $rss"
        grep -q "$DRIFT upserted, 0 deleted" "$WORK/sync.log" || { log "runbook: unexpected sync"; tail "$WORK/sync.log"; exit 1; }
        [[ $(edges) == "$SOURCE" ]] || { log "runbook: the graph is not repaired"; exit 1; }
        log "round $round/$REPEAT: python peer"
        inject "peer-$round"
        read -r secs rss < <({ /usr/bin/time -f "%e %M" "$VENV/bin/python" benchmarks/sync_peer.py "$BENCH_PG_URL" \
            "$BOLT_URL" "$BATCH" "$SQL" "$CYPHER" "$UPSERT" "$DELETE" >"$WORK/peer.out"; } 2>&1 | tail -n 1)
        PEERS+=" $secs" PEER_RSS+=" $rss"
        [[ $(cat "$WORK/peer.out") == "$DRIFT 0" ]] || { log "peer: unexpected repair: $(cat "$WORK/peer.out")"; exit 1; }
        [[ $(edges) == "$SOURCE" ]] || { log "peer: the graph is not repaired"; exit 1; }
    done
    echo
    echo "sync of $SOURCE source edges ($USERS users seeded), $DRIFT deleted from the graph before each run, batch $BATCH"
    printf '%-8s %9s %12s   (best of %s; RSS: the highest round)\n' contender seconds peak_rss_MB "$REPEAT"
    awk -v s="$(best <<<"$OURS")" -v m="$(max <<<"$OURS_RSS")" 'BEGIN { printf "%-8s %9.2f %12.1f\n", "runbook", s, m / 1024 }'
    awk -v s="$(best <<<"$PEERS")" -v m="$(max <<<"$PEER_RSS")" 'BEGIN { printf "%-8s %9.2f %12.1f\n", "python", s, m / 1024 }'
    awk -v a="$(best <<<"$OURS")" -v b="$(best <<<"$PEERS")" 'BEGIN { printf "ratio runbook/python: %.2fx\n", a / b }'
    exit 0
fi
OURS="" PEERS="" OURS_RSS="" PEER_RSS=""
for round in $(seq "$REPEAT"); do
    log "round $round/$REPEAT: runbook"
    rm -rf "$WORK/state"
    read -r secs rss < <({ /usr/bin/time -f "%e %M" "$RUNBOOK" run "$WORK/diff.yaml" --state "$WORK/state" --yes \
        >"$WORK/diff.log"; } 2>&1 | tail -n 1)
    OURS+=" $secs" OURS_RSS+=" $rss"
    OUR_COUNTS=$(grep -o 'same_rows: [0-9]* only left, [0-9]* only right, [0-9]* changed, [0-9]* same' "$WORK/diff.log" |
        head -n 1 | tr -dc '0-9 ' | tr -s ' ' | sed 's/^ //; s/ $//')
    log "round $round/$REPEAT: python peer"
    read -r secs rss < <({ /usr/bin/time -f "%e %M" "$VENV/bin/python" benchmarks/drift_peer.py "$BENCH_PG_URL" \
        "$BOLT_URL" "$BATCH" "$SQL" "$CYPHER" 2 >"$WORK/peer.out"; } 2>&1 | tail -n 1)
    PEERS+=" $secs" PEER_RSS+=" $rss"
    PEER_COUNTS=$(cat "$WORK/peer.out")
    if [[ $OUR_COUNTS != "$PEER_COUNTS" ]]; then
        log "the contenders disagree: runbook '$OUR_COUNTS', peer '$PEER_COUNTS' (only_left only_right changed same)"
        exit 1
    fi
    python3 scripts/bolt-check.py 127.0.0.1 "$PORT" >/dev/null 2>&1 || true
done
OURS_S=$(best <<<"$OURS") PEER_S=$(best <<<"$PEERS")
echo
echo "keyed diff of $(awk '{ print $4 + $1 }' <<<"$OUR_COUNTS") source edges ($USERS users seeded), $DRIFT deleted from the graph, batch $BATCH"
echo "counts (only_left only_right changed same), both contenders: $OUR_COUNTS"
printf '%-8s %9s %12s   (best of %s; RSS: the highest round)\n' contender seconds peak_rss_MB "$REPEAT"
awk -v s="$OURS_S" -v m="$(max <<<"$OURS_RSS")" 'BEGIN { printf "%-8s %9.2f %12.1f\n", "runbook", s, m / 1024 }'
awk -v s="$PEER_S" -v m="$(max <<<"$PEER_RSS")" 'BEGIN { printf "%-8s %9.2f %12.1f\n", "python", s, m / 1024 }'
awk -v a="$OURS_S" -v b="$PEER_S" 'BEGIN { printf "ratio runbook/python: %.2fx (target <= 0.30x)\n", a / b }'

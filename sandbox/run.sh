#!/usr/bin/env bash
# Runs runbooks/migration.yaml end to end on this machine: a real PostgreSQL and a real Bolt server (FalkorDB),
# stand-ins for kubectl, graph-service and Prometheus (see sandbox/README.md), gates answered with --yes,
# then the replay of the run.
#   sandbox/run.sh [--large] [--break-graph]
#     --large        100k users / 500k follows (default 10k / 50k; or RUNBOOK_SANDBOX_USERS/_FOLLOWS)
#     --break-graph  the kubectl stand-in "loses" 25 :User nodes after the backfill, so verification fails,
#                    rollback scenario 1 (migration-incomplete) clears the graph, the backfill runs again,
#                    verification passes and the run ends green
#   RUNBOOK_BIN=path/to/runbook skips the build (the tests use the binary they built).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

USERS=${RUNBOOK_SANDBOX_USERS:-10000} FOLLOWS=${RUNBOOK_SANDBOX_FOLLOWS:-50000} BREAK=0
for arg in "$@"; do
    case $arg in
    --large) USERS=100000 FOLLOWS=500000 ;;
    --break-graph) BREAK=1 ;;
    *) echo "sandbox/run.sh: unknown argument '$arg' (expected --large, --break-graph)" >&2 && exit 2 ;;
    esac
done

if [[ -z ${RUNBOOK_BIN:-} ]]; then
    swift build --product runbook >&2
    RUNBOOK_BIN=$(swift build --show-bin-path)/runbook
fi
BIN=$RUNBOOK_BIN

export RUNBOOK_SANDBOX_DIR=${RUNBOOK_SANDBOX_DIR:-$ROOT/sandbox-data}
rm -rf "$RUNBOOK_SANDBOX_DIR" && mkdir -p "$RUNBOOK_SANDBOX_DIR"
PIDS=()
cleanup() { # TERM, then KILL: a parent that blocked SIGTERM (a test runner's thread) passes that mask on
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
    sleep 0.2
    for p in "${PIDS[@]}"; do kill -KILL "$p" 2>/dev/null || true; done
}
trap cleanup EXIT

eval "$(scripts/postgres.sh start)"
# The sandbox's own graph server, so that the migration's nodes never land in a graph the tests use.
eval "$(RUNBOOK_BOLT_DIR=/tmp/runbook-sandbox-bolt RUNBOOK_BOLT_PORT=${RUNBOOK_SANDBOX_BOLT_PORT:-7688} scripts/bolt-server.sh start)"
VENV=${RUNBOOK_CACHE_DIR:-/var/cache/runbook}/venv
"$VENV/bin/python" -c 'import neo4j' 2>/dev/null || "$VENV/bin/pip" install -q neo4j==6.4.1
# A fresh graph: the sandbox's server keeps its data between runs.
"$VENV/bin/python" - "$RUNBOOK_NEO4J_URL" <<'PY'
import os, sys
from neo4j import GraphDatabase
driver = GraphDatabase.driver(sys.argv[1], auth=("falkordb", ""))
driver.execute_query("MATCH (n) DETACH DELETE n")
os._exit(0)  # no driver.close(): FalkorDB mishandles the GOODBYE it would send (see test-servers.md)
PY

psql "$RUNBOOK_PG_URL" -qtAc "SELECT 1 FROM pg_database WHERE datname = 'sandbox_nova'" | grep -q 1 \
    || psql "$RUNBOOK_PG_URL" -qc 'CREATE DATABASE sandbox_nova'
export DATABASE_URL=${RUNBOOK_PG_URL%/*}/sandbox_nova NEO4J_PASSWORD=
psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -q -f sandbox/schema.sql
SEED=$(psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -q -v users="$USERS" -v follows="$FOLLOWS" -f sandbox/seed.sql)
echo "$SEED"
SAMPLE=$(psql "$DATABASE_URL" -qtAc "SELECT f.following_id FROM follows f JOIN users u ON u.id = f.following_id
    AND u.deleted_at IS NULL GROUP BY f.following_id ORDER BY count(*) DESC, f.following_id LIMIT 1")

export PATH=$ROOT/sandbox/bin:$PATH RUNBOOK_SANDBOX_PYTHON=$VENV/bin/python RUNBOOK_SANDBOX_NEO4J_URL=$RUNBOOK_NEO4J_URL
if ((BREAK)); then echo 25 >"$RUNBOOK_SANDBOX_DIR/lose-graph-writes"; fi
NEO4J_URI=$RUNBOOK_NEO4J_URL NEO4J_USER=falkordb "$VENV/bin/python" sandbox/graph_service.py >"$RUNBOOK_SANDBOX_DIR/graph-service.log" 2>&1 &
PIDS+=($!)
NEO4J_URI=$RUNBOOK_NEO4J_URL python3 sandbox/prometheus.py >"$RUNBOOK_SANDBOX_DIR/prometheus.log" 2>&1 &
PIDS+=($!)
sleep 1

STATE=$RUNBOOK_SANDBOX_DIR/state
status=0
"$BIN" run runbooks/migration.yaml --state "$STATE" --yes \
    -p sample_user="$SAMPLE" -p image=sandbox/nova-graph-service:dual-write \
    -p graph_url="$RUNBOOK_NEO4J_URL" -p graph_user=falkordb -p graph_dialect=falkordb \
    -p graph_service_url=http://127.0.0.1:50051 -p prometheus_url=http://127.0.0.1:9090 \
    -p backup_dir="$RUNBOOK_SANDBOX_DIR" -p latency_budget_ms=250 </dev/null || status=$?
echo
"$BIN" replay --state "$STATE" neo4j-social-graph-migration- --verify || true
exit "$status"

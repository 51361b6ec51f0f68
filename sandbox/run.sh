#!/usr/bin/env bash
# Runs runbooks/migration.yaml end to end on this machine: a real PostgreSQL and a real Bolt server (FalkorDB),
# stand-ins for kubectl, graph-service and Prometheus (see sandbox/README.md), gates answered with --yes,
# then the replay of the run. Usage: sandbox/run.sh [--large]   (--large: 100k users / 500k follows)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

USERS=10000 FOLLOWS=50000
if [[ ${1:-} == --large ]]; then USERS=100000 FOLLOWS=500000; fi

swift build --product runbook >&2
BIN=$(swift build --show-bin-path)/runbook

export RUNBOOK_SANDBOX_DIR=${RUNBOOK_SANDBOX_DIR:-$ROOT/sandbox-data}
rm -rf "$RUNBOOK_SANDBOX_DIR" && mkdir -p "$RUNBOOK_SANDBOX_DIR"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

eval "$(scripts/postgres.sh start)"
# The sandbox's own graph server, so that the migration's nodes never land in a graph the tests use.
eval "$(RUNBOOK_BOLT_DIR=/tmp/runbook-sandbox-bolt RUNBOOK_BOLT_PORT=${RUNBOOK_SANDBOX_BOLT_PORT:-7688} scripts/bolt-server.sh start)"
VENV=${RUNBOOK_CACHE_DIR:-/var/cache/runbook}/venv
"$VENV/bin/python" -c 'import neo4j' 2>/dev/null || "$VENV/bin/pip" install -q neo4j==6.4.1

psql "$RUNBOOK_PG_URL" -qtAc "SELECT 1 FROM pg_database WHERE datname = 'sandbox_nova'" | grep -q 1 \
    || psql "$RUNBOOK_PG_URL" -qc 'CREATE DATABASE sandbox_nova'
export DATABASE_URL=${RUNBOOK_PG_URL%/*}/sandbox_nova NEO4J_PASSWORD=
psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -q -f sandbox/schema.sql
SEED=$(psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -q -v users="$USERS" -v follows="$FOLLOWS" -f sandbox/seed.sql)
echo "$SEED"
SAMPLE=$(psql "$DATABASE_URL" -qtAc "SELECT f.following_id FROM follows f JOIN users u ON u.id = f.following_id
    AND u.deleted_at IS NULL GROUP BY f.following_id ORDER BY count(*) DESC, f.following_id LIMIT 1")

export PATH=$ROOT/sandbox/bin:$PATH
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

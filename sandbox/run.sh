#!/usr/bin/env bash
# Runs runbooks/migration.yaml end to end on this machine: a real PostgreSQL, a real Bolt server (FalkorDB) and a
# real Prometheus (scripts/prometheus.sh), stand-ins for kubectl and graph-service (see sandbox/README.md), gates
# answered with --yes, then the replay of the run.
#   sandbox/run.sh [--large] [--break-graph] [--live-traffic] [--rehearse] [--keep] | --stop
#     --large        100k users / 500k follows (default 10k / 50k; or RUNBOOK_SANDBOX_USERS/_FOLLOWS)
#     --break-graph  the kubectl stand-in "loses" 25 :User nodes after the backfill, so verification fails,
#                    rollback scenario 1 (migration-incomplete) clears the graph, the backfill runs again,
#                    verification passes and the run ends green
#     --live-traffic sandbox/traffic.py follows, unfollows (through graph-service's API) and soft-deletes users
#                    (in PostgreSQL) at a steady rate from the start of the run (before and during the backfill and
#                    the verification, when graph-service is PostgreSQL-only; then under dual-write) until the
#                    monitoring phase, the quiet moment before the final syncs (RUNBOOK_SANDBOX_TRAFFIC_UNTIL: another
#                    phase id); every operation is logged with its times in $RUNBOOK_SANDBOX_DIR/traffic-ops.jsonl
#                    (RUNBOOK_SANDBOX_TRAFFIC_RATE ops/s, default 20; RUNBOOK_SANDBOX_NEO4J_DROP: the fraction of
#                    graph writes graph-service drops, default 0 — any drop fails the guide's criterion
#                    neo4j_write_failure_total == 0); prints "traffic: …", then checks with psql and the Python
#                    neo4j driver that the graph equals PostgreSQL's active data exactly (exit 1 if not)
#     --rehearse     instead of one run: `runbook rehearse --scenario S` for every rollback scenario of the
#                    migration, each against a reset world (fresh graph, fresh seed, the deployment model back at
#                    revision 1, graph-service restarted); writes $RUNBOOK_SANDBOX_DIR/rehearsal.json (every
#                    rehearsal, plus what graph-service itself reported after each scenario and what Prometheus saw
#                    of neo4j-0 and which alert rules it had loaded) and exits with the
#                    worst rehearse exit code. Rehearsals of one scenario share its world, so they run with
#                    -p existing_graph=merge (each re-runs the migration into the graph the previous one left).
#     --keep         leave PostgreSQL and the graph running and print their URLs; --stop stops them
#   RUNBOOK_BIN=path/to/runbook skips the build (the tests use the binary they built).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
[[ -n ${RUNBOOK_NO_INSTALL:-} ]] || scripts/install-deps.sh

USERS=${RUNBOOK_SANDBOX_USERS:-10000} FOLLOWS=${RUNBOOK_SANDBOX_FOLLOWS:-50000} BREAK=0 TRAFFIC=0 KEEP=0 REHEARSE=0
# Ports (two sandboxes can run side by side): RUNBOOK_SANDBOX_BOLT_PORT (7688), RUNBOOK_SANDBOX_GRAPH_PORT (graph-service,
# 50051), RUNBOOK_SANDBOX_PROMETHEUS_PORT (9090), RUNBOOK_SANDBOX_PUSHGATEWAY_PORT (Prometheus's port + 1; started
# with Prometheus by scripts/prometheus.sh, unused), RUNBOOK_SANDBOX_NEO4J_EXPORTER_PORT (Prometheus's port + 2: the
# liveness exporter that Prometheus scrapes as job "neo4j"). The graph server's directory follows its port.
BOLT_PORT=${RUNBOOK_SANDBOX_BOLT_PORT:-7688} GRAPH_PORT=${RUNBOOK_SANDBOX_GRAPH_PORT:-50051}
PROM_PORT=${RUNBOOK_SANDBOX_PROMETHEUS_PORT:-9090}
PUSH_PORT=${RUNBOOK_SANDBOX_PUSHGATEWAY_PORT:-$((PROM_PORT + 1))}
EXPORTER_PORT=${RUNBOOK_SANDBOX_NEO4J_EXPORTER_PORT:-$((PROM_PORT + 2))}
BOLT_DIR=/tmp/runbook-sandbox-bolt
[[ $BOLT_PORT == 7688 ]] || BOLT_DIR=/tmp/runbook-sandbox-bolt-$BOLT_PORT
SANDBOX_BOLT="RUNBOOK_BOLT_DIR=$BOLT_DIR RUNBOOK_BOLT_PORT=$BOLT_PORT"
GRAPH_SERVICE=http://127.0.0.1:$GRAPH_PORT
for arg in "$@"; do
    case $arg in
    --large) USERS=100000 FOLLOWS=500000 ;;
    --break-graph) BREAK=1 ;;
    --live-traffic) TRAFFIC=1 ;;
    --rehearse) REHEARSE=1 ;;
    --keep) KEEP=1 ;;
    --stop)
        env $SANDBOX_BOLT scripts/bolt-server.sh stop
        scripts/postgres.sh stop
        exit 0
        ;;
    *)
        echo "sandbox/run.sh: unknown argument '$arg' (expected --large, --break-graph, --live-traffic, --rehearse, --keep, --stop)" >&2
        exit 2
        ;;
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
# The sandbox's own Prometheus (Debian's), its data and rule files under the sandbox directory. It scrapes graph-service
# (job graph-service) and the neo4j-0 liveness exporter (job neo4j); rule files are what the kubectl stand-in's
# `apply` of a PrometheusRule writes into $PROM_RULES.
PROM_RULES=$RUNBOOK_SANDBOX_DIR/prometheus/rules
PROM_ENV=(RUNBOOK_PROMETHEUS_DIR="$RUNBOOK_SANDBOX_DIR/prometheus" RUNBOOK_PROMETHEUS_PORT="$PROM_PORT"
    RUNBOOK_PUSHGATEWAY_PORT="$PUSH_PORT" RUNBOOK_PROMETHEUS_RULES="$PROM_RULES"
    RUNBOOK_PROMETHEUS_TARGETS="graph-service 127.0.0.1:$GRAPH_PORT
neo4j 127.0.0.1:$EXPORTER_PORT")
PROMETHEUS=http://127.0.0.1:$PROM_PORT
cleanup() { # TERM, then KILL: a parent that blocked SIGTERM (a test runner's thread) passes that mask on
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
    env "${PROM_ENV[@]}" scripts/prometheus.sh stop 2>/dev/null || true
    sleep 0.2
    for p in "${PIDS[@]}"; do kill -KILL "$p" 2>/dev/null || true; done
}
trap cleanup EXIT

# The caller's PostgreSQL when RUNBOOK_PG_URL answers (the tests', each helper's own), else scripts/postgres.sh's
# (RUNBOOK_PG_DIR / RUNBOOK_PG_PORT): two sandboxes on one machine must not share the sandbox_nova database.
if [[ -z ${RUNBOOK_PG_URL:-} ]] || ! psql "$RUNBOOK_PG_URL" -X -qtAc 'SELECT 1' >/dev/null 2>&1; then
    eval "$(scripts/postgres.sh start)"
fi
# The sandbox's own graph server, so that the migration's nodes never land in a graph the tests use.
eval "$(env $SANDBOX_BOLT scripts/bolt-server.sh start)"
VENV=${RUNBOOK_CACHE_DIR:-/var/cache/runbook}/venv
"$VENV/bin/python" -c 'import neo4j' 2>/dev/null || "$VENV/bin/pip" install -q neo4j==6.4.1
# A fresh graph: the sandbox's server keeps its data between runs.
fresh_graph() {
    "$VENV/bin/python" - "$RUNBOOK_NEO4J_URL" <<'PY'
import os, sys
from neo4j import GraphDatabase
driver = GraphDatabase.driver(sys.argv[1], auth=("falkordb", ""))
driver.execute_query("MATCH (n) DETACH DELETE n")
os._exit(0)  # no driver.close(): FalkorDB mishandles the GOODBYE it would send (it breaks the next client's handshake)
PY
}
fresh_graph

psql "$RUNBOOK_PG_URL" -qtAc "SELECT 1 FROM pg_database WHERE datname = 'sandbox_nova'" | grep -q 1 \
    || psql "$RUNBOOK_PG_URL" -qc 'CREATE DATABASE sandbox_nova'
export DATABASE_URL=${RUNBOOK_PG_URL%/*}/sandbox_nova NEO4J_PASSWORD=
seed() {
    psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -q -f sandbox/schema.sql
    SEED=$(psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -q -v users="$USERS" -v follows="$FOLLOWS" -f sandbox/seed.sql)
    SAMPLE=$(psql "$DATABASE_URL" -qtAc "SELECT f.following_id FROM follows f JOIN users u ON u.id = f.following_id
        AND u.deleted_at IS NULL GROUP BY f.following_id ORDER BY count(*) DESC, f.following_id LIMIT 1")
}
seed
echo "$SEED"

export PATH=$ROOT/sandbox/bin:$PATH RUNBOOK_SANDBOX_PYTHON=$VENV/bin/python RUNBOOK_SANDBOX_NEO4J_URL=$RUNBOOK_NEO4J_URL
# What the kubectl stand-in controls and reads: neo4j-0 is this graph server, Prometheus gets applied PrometheusRules.
export RUNBOOK_SANDBOX_BOLT_DIR=$BOLT_DIR RUNBOOK_SANDBOX_BOLT_PORT=$BOLT_PORT RUNBOOK_SANDBOX_PROMETHEUS_URL=$PROMETHEUS \
    RUNBOOK_SANDBOX_PROMETHEUS_RULES=$PROM_RULES
if ((BREAK)); then echo 25 >"$RUNBOOK_SANDBOX_DIR/lose-graph-writes"; fi
# graph-service follows the kubectl stand-in's deployment model (GRAPH_SERVICE_CONFIG): PostgreSQL-only until the
# runbook's Phase 4 rolls out dual-write, back to PostgreSQL-only when a rollback disables Neo4j.
start_graph_service() { # LOG (also what `kubectl logs -l app=graph-service` reads)
    export RUNBOOK_SANDBOX_GRAPH_SERVICE_LOG=$1
    GRAPH_SERVICE_CONFIG=$RUNBOOK_SANDBOX_DIR/graph-service.env GRAPH_SERVICE_DROP_NEO4J_WRITES=${RUNBOOK_SANDBOX_NEO4J_DROP:-0} \
        GRAPH_SERVICE_PORT=$GRAPH_PORT NEO4J_URI=$RUNBOOK_NEO4J_URL NEO4J_USER=falkordb "$VENV/bin/python" sandbox/graph_service.py >"$1" 2>&1 &
    GRAPH_SERVICE_PID=$!
    PIDS+=("$GRAPH_SERVICE_PID")
}
start_graph_service "$RUNBOOK_SANDBOX_DIR/graph-service.log"
NEO4J_EXPORTER_PORT=$EXPORTER_PORT NEO4J_URI=$RUNBOOK_NEO4J_URL python3 sandbox/neo4j_exporter.py \
    >"$RUNBOOK_SANDBOX_DIR/neo4j-exporter.log" 2>&1 &
PIDS+=($!)
env "${PROM_ENV[@]}" scripts/prometheus.sh start >/dev/null
# Two scrapes of both targets before the run: the first queries find their series.
for _ in $(seq 60); do
    [[ $(curl -fsS "$PROMETHEUS/api/v1/query" --data-urlencode 'query=count(up == 1)' |
        python3 -c 'import json, sys; r = json.load(sys.stdin)["data"]["result"]; print(r[0]["value"][1] if r else 0)') -ge 3 ]] && break
    sleep 0.5
done
# After a scenario: what Prometheus saw of neo4j-0 since FROM (up{job="neo4j"}, one point a second) and its alert rules.
prometheus_evidence() { # SCENARIO FROM
    curl -fsS "$PROMETHEUS/api/v1/query_range" --data-urlencode 'query=up{job="neo4j"}' --data-urlencode "start=$2" \
        --data-urlencode "end=$(date +%s)" --data-urlencode step=1 >"$RUNBOOK_SANDBOX_DIR/after-$1-neo4j-up.json" || true
    curl -fsS "$PROMETHEUS/api/v1/rules?type=alert" >"$RUNBOOK_SANDBOX_DIR/after-$1-alert-rules.json" || true
}

STATE=$RUNBOOK_SANDBOX_DIR/state
PARAMS=(-p image=sandbox/nova-graph-service:dual-write
    -p graph_url="$RUNBOOK_NEO4J_URL" -p graph_user=falkordb -p graph_dialect=falkordb
    -p graph_service_url="$GRAPH_SERVICE" -p prometheus_url="$PROMETHEUS" -p overlay=deploy/graph-service/overlays/dual-write
    -p backup_dir="$RUNBOOK_SANDBOX_DIR" -p latency_budget_ms="${RUNBOOK_SANDBOX_LATENCY_BUDGET_MS:-1000}" -p min_speedup="${RUNBOOK_SANDBOX_MIN_SPEEDUP:-0}")
status=0
if ((REHEARSE)); then
    # One `rehearse --scenario` per rollback scenario, each in a reset world.
    scenarios=$("$BIN" rehearse runbooks/migration.yaml --list "${PARAMS[@]}" -p sample_user=x | cut -f1 | uniq)
    for scenario in $scenarios; do
        kill "$GRAPH_SERVICE_PID" 2>/dev/null || true
        wait "$GRAPH_SERVICE_PID" 2>/dev/null || true
        # neo4j-0 back up: a restart the previous scenario's `delete pod` started finishes first.
        restart=$RUNBOOK_SANDBOX_DIR/kubectl-state/neo4j-restart.pid
        while [[ -f $restart ]] && kill -0 "$(cat "$restart")" 2>/dev/null; do sleep 0.2; done
        env $SANDBOX_BOLT scripts/bolt-server.sh start >/dev/null
        rm -rf "$RUNBOOK_SANDBOX_DIR/kubectl-state" "$RUNBOOK_SANDBOX_DIR/graph-service.env" "$PROM_RULES"
        curl -fsS -X POST "$PROMETHEUS/-/reload"
        from=$(date +%s)
        fresh_graph
        seed
        start_graph_service "$RUNBOOK_SANDBOX_DIR/graph-service-$scenario.log"
        sleep 1
        code=0
        echo "sandbox: rehearsing $scenario" >&2
        "$BIN" rehearse runbooks/migration.yaml --scenario "$scenario" --state "$STATE" --format json \
            "${PARAMS[@]}" -p sample_user="$SAMPLE" -p existing_graph=merge </dev/null \
            >"$RUNBOOK_SANDBOX_DIR/rehearsal-$scenario.json" || code=$?
        ((code > status)) && status=$code
        # What the real graph-service process says after the scenario: where it reads from, in its own words.
        curl -sS "$GRAPH_SERVICE/v1/followers/$SAMPLE" >"$RUNBOOK_SANDBOX_DIR/after-$scenario-followers.json" || true
        curl -sS "$GRAPH_SERVICE/metrics" >"$RUNBOOK_SANDBOX_DIR/after-$scenario-metrics.txt" || true
        prometheus_evidence "$scenario" "$from"
    done
    python3 sandbox/rehearsal_summary.py "$RUNBOOK_SANDBOX_DIR" $scenarios || status=1
    exit "$status"
fi
if ((TRAFFIC)); then
    python3 sandbox/traffic.py "$GRAPH_SERVICE" "$DATABASE_URL" "$STATE" "$SAMPLE" "$RUNBOOK_SANDBOX_DIR/traffic-stop" \
        "${RUNBOOK_SANDBOX_TRAFFIC_RATE:-20}" "${RUNBOOK_SANDBOX_TRAFFIC_UNTIL:-monitoring}" \
        "$RUNBOOK_SANDBOX_DIR/traffic-ops.jsonl" >"$RUNBOOK_SANDBOX_DIR/traffic.log" 2>&1 &
    TRAFFIC_PID=$!
    PIDS+=("$TRAFFIC_PID")
fi
"$BIN" run runbooks/migration.yaml --state "$STATE" --yes "${PARAMS[@]}" -p sample_user="$SAMPLE" </dev/null || status=$?
echo
"$BIN" replay --state "$STATE" neo4j-social-graph-migration- --verify || true
if ((TRAFFIC)); then
    touch "$RUNBOOK_SANDBOX_DIR/traffic-stop"
    wait "$TRAFFIC_PID" || true
    grep -v '^traffic: ' "$RUNBOOK_SANDBOX_DIR/traffic.log" | tail -n 5 >&2 || true
    grep '^traffic: ' "$RUNBOOK_SANDBOX_DIR/traffic.log" || { echo "traffic: the generator printed no summary" && status=1; }
    # The independent proof: PostgreSQL's active data and the graph, read with psql and the Python driver.
    active="JOIN users AS a ON a.id = x.%s AND a.deleted_at IS NULL JOIN users AS b ON b.id = x.%s AND b.deleted_at IS NULL"
    exact=1
    for spec in "users id - User" "follows follower_id following_id FOLLOWS" "mutes muter_id muted_id MUTES" \
        "blocks blocker_id blocked_id BLOCKS"; do
        set -- $spec
        if [[ $1 == users ]]; then
            sql="SELECT id FROM users WHERE deleted_at IS NULL ORDER BY 1"
            cypher="MATCH (u:User) RETURN u.id ORDER BY u.id"
        else
            sql="SELECT x.$2 || ' ' || x.$3 FROM $1 AS x $(printf "$active" "$2" "$3") ORDER BY 1"
            cypher="MATCH (a:User)-[:$4]->(b:User) RETURN a.id + ' ' + b.id AS k ORDER BY k"
        fi
        psql "$DATABASE_URL" -X -qAt -c "SELECT k FROM ($sql) AS s(k) ORDER BY k COLLATE \"C\"" >"$RUNBOOK_SANDBOX_DIR/pg-$1"
        "$VENV/bin/python" - "$RUNBOOK_NEO4J_URL" "$cypher" >"$RUNBOOK_SANDBOX_DIR/graph-$1" <<'PY'
import os, sys
from neo4j import GraphDatabase
records, _, _ = GraphDatabase.driver(sys.argv[1], auth=("falkordb", "")).execute_query(sys.argv[2])
print("\n".join(str(r[0]) for r in records), flush=True)
os._exit(0)  # no driver.close(): FalkorDB mishandles the GOODBYE it would send (it breaks the next client's handshake)
PY
        if cmp -s "$RUNBOOK_SANDBOX_DIR/pg-$1" "$RUNBOOK_SANDBOX_DIR/graph-$1"; then
            echo "sandbox: $1 exact ($(wc -l <"$RUNBOOK_SANDBOX_DIR/pg-$1") in PostgreSQL and the graph)"
        else
            echo "sandbox: $1 DIFFER: $(diff "$RUNBOOK_SANDBOX_DIR/pg-$1" "$RUNBOOK_SANDBOX_DIR/graph-$1" | grep -c '^[<>]') lines"
            exact=0
        fi
    done
    ((exact)) || status=1
fi
if ((KEEP)); then
    echo "sandbox: DATABASE_URL=$DATABASE_URL NEO4J_URL=$RUNBOOK_NEO4J_URL (sandbox/run.sh --stop stops them)"
fi
exit "$status"

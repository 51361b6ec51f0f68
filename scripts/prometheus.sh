#!/usr/bin/env bash
# A throwaway Prometheus and Pushgateway (Debian's `prometheus` and `prometheus-pushgateway` packages) for tests.
#
#   scripts/prometheus.sh start|stop|status|env
#
# Prometheus listens on RUNBOOK_PROMETHEUS_PORT (default 9390), the Pushgateway on RUNBOOK_PUSHGATEWAY_PORT (default
# 9391), both on 127.0.0.1, with their data in RUNBOOK_PROMETHEUS_DIR (default /tmp/runbook-prometheus). Prometheus
# scrapes the Pushgateway (job "pushgateway", honor_labels) every second, plus any targets listed one per line in
# RUNBOOK_PROMETHEUS_TARGETS: `host:port` (job "targets") or `JOB host:port` (job JOB), and loads every *.yml rule file
# in RUNBOOK_PROMETHEUS_RULES (a directory, optional; `curl -X POST …/-/reload` rereads it). The Pushgateway keeps
# its metrics in memory only: Debian's build persists them to one file shared by every instance, so one test's
# pushes would reach the next instance's Prometheus. `start` prints the env; eval it:
#   export RUNBOOK_PROMETHEUS_URL=http://127.0.0.1:9390 RUNBOOK_PUSHGATEWAY_URL=http://127.0.0.1:9391
set -euo pipefail

STATE=${RUNBOOK_PROMETHEUS_DIR:-/tmp/runbook-prometheus}
PORT=${RUNBOOK_PROMETHEUS_PORT:-9390}
PUSH_PORT=${RUNBOOK_PUSHGATEWAY_PORT:-9391}
START_TIMEOUT=30

log() { printf '[prometheus.sh %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() {
    log "error: $*"
    exit 1
}

print_env() {
    cat <<EOT
export RUNBOOK_PROMETHEUS_URL=http://127.0.0.1:$PORT
export RUNBOOK_PUSHGATEWAY_URL=http://127.0.0.1:$PUSH_PORT
EOT
}

alive() { [[ -f $STATE/$1.pid ]] && kill -0 "$(cat "$STATE/$1.pid")" 2>/dev/null; }

ready() { curl -fsS -o /dev/null "$1" 2>/dev/null; }

wait_ready() { # NAME URL
    local deadline=$((SECONDS + START_TIMEOUT))
    until ready "$2"; do
        alive "$1" || die "$1 exited; its log ($STATE/$1.log):$(printf '\n'; tail -n 20 "$STATE/$1.log")"
        ((SECONDS < deadline)) || die "$1 not ready on $2 after ${START_TIMEOUT}s (log: $STATE/$1.log)"
        sleep 0.2
    done
}

write_config() {
    local rules="" targets=""
    if [[ -n ${RUNBOOK_PROMETHEUS_RULES:-} ]]; then
        rules=$(printf 'rule_files:\n  - "%s/*.yml"\n' "$RUNBOOK_PROMETHEUS_RULES")
    fi
    if [[ -n ${RUNBOOK_PROMETHEUS_TARGETS:-} ]]; then
        # One scrape job per job name, in the order the names first appear.
        targets=$(awk 'NF { job = NF > 1 ? $1 : "targets"; if (!(job in list)) { order[n++] = job; list[job] = "" } else list[job] = list[job] ", "
                list[job] = list[job] "\"" $NF "\"" }
            END { for (i = 0; i < n; i++) printf "  - job_name: %s\n    static_configs:\n      - targets: [%s]\n", order[i], list[order[i]] }' \
            <<<"$RUNBOOK_PROMETHEUS_TARGETS")
    fi
    cat >"$STATE/prometheus.yml" <<EOT
global:
  scrape_interval: 1s
  evaluation_interval: 1s
$rules
scrape_configs:
  - job_name: pushgateway
    honor_labels: true
    static_configs:
      - targets: ["127.0.0.1:$PUSH_PORT"]
$targets
EOT
}

start() {
    command -v prometheus >/dev/null || die "prometheus not installed (apt-get install prometheus prometheus-pushgateway)"
    command -v prometheus-pushgateway >/dev/null || die "prometheus-pushgateway not installed"
    mkdir -p "$STATE"
    if ! alive pushgateway; then
        prometheus-pushgateway --web.listen-address="127.0.0.1:$PUSH_PORT" --persistence.file="" >"$STATE/pushgateway.log" 2>&1 &
        echo $! >"$STATE/pushgateway.pid"
    fi
    wait_ready pushgateway "http://127.0.0.1:$PUSH_PORT/-/ready"
    if ! alive prometheus; then
        write_config
        promtool check config "$STATE/prometheus.yml" >&2 || die "invalid configuration $STATE/prometheus.yml"
        prometheus --config.file="$STATE/prometheus.yml" --storage.tsdb.path="$STATE/data" \
            --web.listen-address="127.0.0.1:$PORT" --web.enable-lifecycle >"$STATE/prometheus.log" 2>&1 &
        echo $! >"$STATE/prometheus.pid"
    fi
    wait_ready prometheus "http://127.0.0.1:$PORT/-/ready"
    log "prometheus on 127.0.0.1:$PORT, pushgateway on 127.0.0.1:$PUSH_PORT ($STATE)"
    print_env
}

stop_one() {
    alive "$1" || return 0
    local pid
    pid=$(cat "$STATE/$1.pid")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
    rm -f "$STATE/$1.pid"
}

case ${1:-} in
start) start ;;
stop)
    stop_one prometheus
    stop_one pushgateway
    ;;
status)
    for name in prometheus pushgateway; do
        if alive $name; then echo "$name running (pid $(cat "$STATE/$name.pid"))"; else echo "$name stopped"; fi
    done
    ;;
env) print_env ;;
*)
    echo "usage: scripts/prometheus.sh start|stop|status|env" >&2
    exit 2
    ;;
esac

#!/usr/bin/env bash
# The PostgreSQL run store (--state postgres://…) next to the file store, in one run:
#   - append latency: state-store-bench appends APPENDS synced events to a run in each store
#     (median / p95 / mean µs per event; each event durable before the call returns);
#   - per-step overhead: `runbook run` of STEPS trivial `shell: "true"` steps (as benchmarks/run-steps.sh)
#     with --state DIR and with --state postgres://…, median of REPS, ms/step and the ratio;
#   - lock takeover: a holder killed with SIGKILL (whole process group) → time until a second process's
#     `runbook resume` starts running (it retries every 100 ms while the lock is held), with
#     RUNBOOK_LEASE_SECONDS=LEASE, median of TAKEOVERS.
# The PostgreSQL is RUNBOOK_PG_URL (scripts/postgres.sh start); the tables go to a schema of their own that is
# dropped at the end. Exits non-zero only on errors.
#
# Usage: benchmarks/state-store.sh
# Env:   SCRATCH (default .build-release), CONFIG (release), STEPS (1000), APPENDS (1000), REPS (3), LEASE (3), TAKEOVERS (3)
set -euo pipefail
cd "$(dirname "$0")/.."
SCRATCH=${SCRATCH:-.build-release}
CONFIG=${CONFIG:-release}
STEPS=${STEPS:-1000}
APPENDS=${APPENDS:-1000}
REPS=${REPS:-3}
LEASE=${LEASE:-3}
TAKEOVERS=${TAKEOVERS:-3}
: "${RUNBOOK_PG_URL:?set RUNBOOK_PG_URL (eval \"\$(scripts/postgres.sh start)\")}"

swift build -c "$CONFIG" --scratch-path "$SCRATCH" --product runbook >&2
swift build -c "$CONFIG" --scratch-path "$SCRATCH" --product state-store-bench >&2
BIN=$(swift build -c "$CONFIG" --scratch-path "$SCRATCH" --show-bin-path)
RUNBOOK=$BIN/runbook

TMP=$(mktemp -d "${TMPDIR:-/tmp}/state-store.XXXXXX")
SCHEMA=bench_state_$$_$RANDOM
SEP='?'
[[ $RUNBOOK_PG_URL == *\?* ]] && SEP='&'
PGSTATE="$RUNBOOK_PG_URL${SEP}schema=$SCHEMA"
cleanup() {
    rm -rf "$TMP"
    psql -X -q "$RUNBOOK_PG_URL" -c "DROP SCHEMA IF EXISTS $SCHEMA CASCADE" >/dev/null 2>&1 || true
}
trap cleanup EXIT

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# Wall-clock ms of "$@" (output discarded; fails on a non-zero exit).
wall_ms() {
    python3 - "$@" <<'PY'
import subprocess, sys, time
t0 = time.perf_counter()
r = subprocess.run(sys.argv[1:], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
t1 = time.perf_counter()
if r.returncode != 0:
    sys.exit("exit %d: %s" % (r.returncode, r.stderr.decode()[-500:]))
print("%.1f" % ((t1 - t0) * 1e3))
PY
}

# A commit is only as durable as the server makes it: scripts/postgres.sh runs a throwaway server with fsync=off,
# where the file store's fsync(2) is real. Say which.
FSYNC=$(psql -X -At "$RUNBOOK_PG_URL" -c "SELECT current_setting('fsync') || ', synchronous_commit=' || current_setting('synchronous_commit')" 2>/dev/null || echo unknown)
echo "PostgreSQL server: fsync=$FSYNC (the file store fsyncs every synced append)"

echo "== append latency ($APPENDS synced appends per store)"
"$BIN/state-store-bench" "$TMP/append-state" "$PGSTATE" "$APPENDS" | tee "$TMP/append.txt" |
    awk '{ printf "  %-9s median %6d µs   p95 %6d µs   mean %6d µs\n", $1, $3, $4, $5 }'
awk '/^file/ { f = $3 } /^postgres/ { p = $3 } END { printf "  ratio postgres/file (median): %.2f\n", p / f }' "$TMP/append.txt"

{
    echo "runbook: bench-store"
    echo "phases:"
    echo "  - id: main"
    echo "    steps:"
    for ((i = 0; i < STEPS; i++)); do printf '      - id: s%d\n        shell: "true"\n' "$i"; done
} >"$TMP/steps.yaml"

echo "== $STEPS trivial shell steps (median of $REPS)"
for r in $(seq "$REPS"); do
    rm -rf "$TMP/state-files"
    wall_ms "$RUNBOOK" run "$TMP/steps.yaml" --yes --state "$TMP/state-files" >>"$TMP/files.ms"
    wall_ms "$RUNBOOK" run "$TMP/steps.yaml" --yes --new --state "$PGSTATE" >>"$TMP/pg.ms"
done
F=$(median <"$TMP/files.ms")
P=$(median <"$TMP/pg.ms")
awk -v f="$F" -v p="$P" -v n="$STEPS" 'BEGIN {
    printf "  files     %8.0f ms  %.3f ms/step\n", f, f / n
    printf "  postgres  %8.0f ms  %.3f ms/step\n", p, p / n
    printf "  ratio postgres/files: %.2f   (+%.3f ms/step)\n", p / f, (p - f) / n
}'

cat >"$TMP/takeover.yaml" <<'YAML'
runbook: bench-takeover
phases:
  - id: main
    steps:
      - id: long
        shell: "sleep 30"
        reconcile: { shell: "true" }
YAML

echo "== lock takeover after SIGKILL (RUNBOOK_LEASE_SECONDS=$LEASE, median of $TAKEOVERS)"
for t in $(seq "$TAKEOVERS"); do
    RUNBOOK_LEASE_SECONDS=$LEASE python3 - "$RUNBOOK" "$TMP/takeover.yaml" "$PGSTATE" >>"$TMP/takeover.ms" <<'PY'
import os, signal, subprocess, sys, time
runbook, yaml, state = sys.argv[1:4]
holder = subprocess.Popen([runbook, "run", yaml, "--new", "--state", state], stdout=subprocess.PIPE,
                          stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL, start_new_session=True)
for line in holder.stdout:
    if b"long" in line:
        break
time.sleep(0.2)

def descendants(root):
    children = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            stat = open("/proc/%s/stat" % name).read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(")") + 2:].split()[1])
        children.setdefault(ppid, []).append(int(name))
    out, queue = [], [root]
    while queue:
        for c in children.get(queue.pop(), []):
            out.append(c)
            queue.append(c)
    return out

# Power loss: stop the holder and every descendant (step processes run in sessions of their own), then kill
# them all by pid.
os.killpg(holder.pid, signal.SIGSTOP)
victims = descendants(holder.pid)
for pid in victims:
    os.kill(pid, signal.SIGSTOP)
os.killpg(holder.pid, signal.SIGKILL)
for pid in victims:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
holder.wait()
t0 = time.perf_counter()
while True:
    p = subprocess.Popen([runbook, "resume", "--yes", "--state", state], stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    started = None
    for line in p.stdout:
        if line.startswith(b"resuming run"):
            started = time.perf_counter()
    p.wait()
    if started is not None:
        print("%.0f" % ((started - t0) * 1e3))
        break
    if p.returncode != 5:
        sys.exit("resume exited %d before running" % p.returncode)
    time.sleep(0.1)
PY
done
awk -v lease="$LEASE" '{ print } END {}' "$TMP/takeover.ms" | tr '\n' ' ' | sed 's/^/  takeovers (ms): /'
echo
echo "  median: $(median <"$TMP/takeover.ms") ms  (lease ${LEASE}s; takeover waits for the dead holder's lease to expire)"

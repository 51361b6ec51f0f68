#!/usr/bin/env bash
# Per-step overhead of `runbook run` against its peers, in one run:
#   - runbook: STEPS trivial `shell: "true"` steps in one phase, journaled under a temp --state dir;
#   - floor:   benchmarks/step-floor.c — per step, a fsync'd step.started line, posix_spawn of
#              `bash -euo pipefail -c true` + wait, a fsync'd step.succeeded line;
#   - ansible: ansible-playbook running ANSIBLE_TASKS `command: /bin/true` tasks on localhost
#              (ansible-core in a venv under ANSIBLE_VENV, created on first use and reused).
# Each is timed REPS times (wall clock); the median is reported as ms/step, with the ratios
# runbook/floor (target ≤ 1.3) and ansible/runbook (target ≥ 100). Exits non-zero only on errors.
#
# Usage: benchmarks/run-steps.sh
# Env:   SCRATCH (default .build-release), STEPS (1000), ANSIBLE_TASKS (200), REPS (3),
#        ANSIBLE_VENV (default /var/cache/runbook/ansible-venv), SKIP_ANSIBLE=1 to leave Ansible out.
set -euo pipefail
cd "$(dirname "$0")/.."
SCRATCH=${SCRATCH:-.build-release}
STEPS=${STEPS:-1000}
ANSIBLE_TASKS=${ANSIBLE_TASKS:-200}
REPS=${REPS:-3}
ANSIBLE_VENV=${ANSIBLE_VENV:-/var/cache/runbook/ansible-venv}
SKIP_ANSIBLE=${SKIP_ANSIBLE:-0}

swift build -c release --scratch-path "$SCRATCH" --product runbook >&2
RUNBOOK=$(swift build -c release --scratch-path "$SCRATCH" --show-bin-path)/runbook

TMP=$(mktemp -d "${TMPDIR:-/tmp}/run-steps.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

cc -O2 -Wall -Wextra -o "$TMP/step-floor" benchmarks/step-floor.c

# The runbook: STEPS shell steps in one phase.
{
    echo "runbook: bench-steps"
    echo "title: $STEPS trivial shell steps"
    echo "phases:"
    echo "  - id: main"
    echo "    title: Main"
    echo "    steps:"
    for ((i = 0; i < STEPS; i++)); do
        printf '      - id: s%d\n        shell: "true"\n' "$i"
    done
} >"$TMP/steps.yaml"

# Prints "WALL_MS CPU_MS" for running "$@" (stdin /dev/null, output discarded): wall clock, and the
# user+sys CPU time of the command and all its descendants (from wait4's rusage).
time_ms() {
    if ! python3 - "$@" </dev/null 2>"$TMP/stderr" <<'PY'; then
import os, subprocess, sys, time
null = os.open(os.devnull, os.O_RDWR)
t0 = time.perf_counter()
p = subprocess.Popen(sys.argv[1:], stdin=null, stdout=null, stderr=sys.stderr)
_, status, ru = os.wait4(p.pid, 0)
t1 = time.perf_counter()
if os.waitstatus_to_exitcode(status) != 0:
    sys.exit("exit status %d" % os.waitstatus_to_exitcode(status))
print("%.1f %.1f" % ((t1 - t0) * 1e3, (ru.ru_utime + ru.ru_stime) * 1e3))
PY
        echo "error: failed: $*" >&2
        cat "$TMP/stderr" >&2
        exit 1
    fi
}

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

run_runbook() {
    local state="$TMP/state-$1"
    rm -rf "$state"
    time_ms "$RUNBOOK" run "$TMP/steps.yaml" --yes --state "$state"
    local journal
    journal=$(find "$state/runs" -name journal.jsonl | head -n 1)
    if [[ -z $journal ]] || ! grep -q '"step.succeeded"' "$journal"; then
        echo "error: runbook run left no journal with step.succeeded events under $state" >&2
        exit 1
    fi
    rm -rf "$state"
}

run_floor() {
    rm -f "$TMP/floor.jsonl"
    time_ms "$TMP/step-floor" "$STEPS" "$TMP/floor.jsonl"
}

ANSIBLE_OK=0
if [[ $SKIP_ANSIBLE != 1 ]]; then
    if [[ ! -x $ANSIBLE_VENV/bin/ansible-playbook ]]; then
        echo "creating $ANSIBLE_VENV (pip install ansible-core)" >&2
        python3 -m venv "$ANSIBLE_VENV"
        "$ANSIBLE_VENV/bin/pip" install -q ansible-core >&2
    fi
    printf 'localhost ansible_connection=local\n' >"$TMP/inventory"
    {
        echo "- hosts: localhost"
        echo "  gather_facts: false"
        echo "  tasks:"
        for ((i = 0; i < ANSIBLE_TASKS; i++)); do
            printf '    - name: t%d\n      command: /bin/true\n' "$i"
        done
    } >"$TMP/play.yml"
    ANSIBLE_OK=1
fi

run_ansible() {
    ANSIBLE_NOCOLOR=1 ANSIBLE_HOST_KEY_CHECKING=0 ANSIBLE_LOCAL_TEMP="$TMP/ansible-local" \
        ANSIBLE_REMOTE_TEMP="$TMP/ansible-remote" \
        time_ms "$ANSIBLE_VENV/bin/ansible-playbook" -i "$TMP/inventory" "$TMP/play.yml" \
        -e "ansible_python_interpreter=$ANSIBLE_VENV/bin/python"
}

rb=() fl=() an=() rbc=() flc=() anc=() ratio=()
for ((r = 1; r <= REPS; r++)); do
    # Interleaved so that background load affects all of them alike.
    read -r w c <<<"$(run_floor)"
    fl+=("$w") flc+=("$c")
    read -r w c <<<"$(run_runbook "$r")"
    rb+=("$w") rbc+=("$c")
    ratio+=("$(awk -v a="${rb[-1]}" -v b="${fl[-1]}" 'BEGIN { printf "%.3f", a / b }')")
    line="rep $r: floor ${fl[-1]} ms (cpu ${flc[-1]}), runbook ${rb[-1]} ms (cpu ${rbc[-1]}), ratio ${ratio[-1]}"
    if ((ANSIBLE_OK)); then
        read -r w c <<<"$(run_ansible)"
        an+=("$w") anc+=("$c")
        line+=", ansible ${an[-1]} ms (cpu ${anc[-1]})"
    fi
    echo "$line" >&2
done

med() { printf '%s\n' "$@" | median; }
per() { awk -v t="$1" -v n="$2" 'BEGIN { printf "%.3f", t / n }'; }

fl_step=$(per "$(med "${fl[@]}")" "$STEPS") fl_cpu=$(per "$(med "${flc[@]}")" "$STEPS")
rb_step=$(per "$(med "${rb[@]}")" "$STEPS") rb_cpu=$(per "$(med "${rbc[@]}")" "$STEPS")

printf 'median of %d runs                  wall ms/step   cpu ms/step (incl. children)\n' "$REPS"
printf 'floor (C, posix_spawn + 2 fsync):  %12.3f  %12.3f   (%d steps)\n' "$fl_step" "$fl_cpu" "$STEPS"
printf 'runbook run:                       %12.3f  %12.3f   (%d steps)\n' "$rb_step" "$rb_cpu" "$STEPS"
if ((ANSIBLE_OK)); then
    an_step=$(per "$(med "${an[@]}")" "$ANSIBLE_TASKS") an_cpu=$(per "$(med "${anc[@]}")" "$ANSIBLE_TASKS")
    printf 'ansible-playbook (command: true):  %12.3f  %12.3f   (%d tasks)\n' "$an_step" "$an_cpu" "$ANSIBLE_TASKS"
fi
awk -v r="$rb_step" -v f="$fl_step" -v p="$(med "${ratio[@]}")" -v rc="$rb_cpu" -v fc="$fl_cpu" 'BEGIN {
    printf "runbook/floor:   %6.2fx wall (median of per-run ratios %.2fx), %.2fx cpu  (target <= 1.30x wall: %s)\n",
        r / f, p, rc / fc, (r / f <= 1.3) ? "met" : "MISSED" }'
if ((ANSIBLE_OK)); then
    awk -v a="$an_step" -v r="$rb_step" -v ac="$an_cpu" -v rc="$rb_cpu" 'BEGIN {
        printf "ansible/runbook: %6.1fx wall, %.1fx cpu  (target >= 100x wall: %s)\n",
            a / r, ac / rc, (a / r >= 100) ? "met" : "MISSED" }'
fi

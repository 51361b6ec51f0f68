#!/usr/bin/env bash
# Cold `runbook validate` timings: a migration-sized runbook and a generated 10,000-step runbook, 20 runs each,
# median and p90, next to a YAML-parsing floor (PyYAML with libyaml: parse only, no checks).
# Targets: migration-sized <= 30 ms median; 10,000 steps <= 0.5 s median.
# Usage: benchmarks/validate.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-20}
SCRATCH=${SCRATCH:-.build-release}
echo "building release (--scratch-path $SCRATCH)…" >&2
swift build -c release --scratch-path "$SCRATCH" --product runbook >/dev/null
BIN=$(swift build -c release --scratch-path "$SCRATCH" --show-bin-path)/runbook
WORK=$(mktemp -d /tmp/runbook-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

if [[ -f runbooks/migration.yaml ]]; then
    MIGRATION=runbooks/migration.yaml
else
    MIGRATION=$WORK/migration-60.yaml
    python3 benchmarks/gen_runbook.py 60 >"$MIGRATION"
fi
LARGE=$WORK/steps-10000.yaml
python3 benchmarks/gen_runbook.py 10000 >"$LARGE"
for f in "$MIGRATION" "$LARGE"; do "$BIN" validate -q "$f"; done

# time_runs CMD...: runs CMD $RUNS times (after one warm-up for the page cache), prints sorted milliseconds.
time_runs() {
    "$@" >/dev/null 2>&1 || true
    local i start end
    for ((i = 0; i < RUNS; i++)); do
        start=$(date +%s%N)
        "$@" >/dev/null 2>&1
        end=$(date +%s%N)
        echo $(((end - start) / 1000))
    done | sort -n | awk -v n="$RUNS" '
        { v[NR] = $1 / 1000 }
        END {
            m = (n % 2) ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
            p = v[int(0.9 * n + 0.999999)]
            printf "%.1f %.1f\n", m, p
        }'
}

PEER=()
if python3 -c 'import yaml; yaml.CSafeLoader' 2>/dev/null; then
    PEER=(python3 -c 'import sys, yaml; yaml.load(open(sys.argv[1]), Loader=yaml.CSafeLoader)')
elif python3 -c 'import yaml' 2>/dev/null; then
    PEER=(python3 -c 'import sys, yaml; yaml.safe_load(open(sys.argv[1]))')
fi

printf '%-28s %8s %8s %8s   %s\n' "runbook validate (cold)" "steps" "median" "p90" "peer median (ratio)"
report() { # report LABEL TARGET_MS FILE STEPS
    local label=$1 target=$2 file=$3 steps=$4 ours peer="" ratio=""
    read -r median p90 < <(time_runs "$BIN" validate -q "$file")
    if ((${#PEER[@]})); then
        read -r pmedian _ < <(time_runs "${PEER[@]}" "$file")
        ratio=$(awk -v a="$median" -v b="$pmedian" 'BEGIN { printf "%.2f", a / b }')
        peer="$pmedian ms (×$ratio)"
    fi
    local verdict
    verdict=$(awk -v m="$median" -v t="$target" 'BEGIN { print (m <= t) ? "ok" : "OVER" }')
    printf '%-28s %8s %6s ms %6s ms   %s   target <= %s ms: %s\n' "$label" "$steps" "$median" "$p90" "$peer" "$target" "$verdict"
}
report "$(basename "$MIGRATION")" 30 "$MIGRATION" "$(grep -c '^      - id:' "$MIGRATION" || true)"
report "steps-10000.yaml" 500 "$LARGE" 10000
if ((${#PEER[@]})); then echo "peer: ${PEER[*]} FILE (YAML parsing only, no validation)"; fi

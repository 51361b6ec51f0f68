#!/usr/bin/env bash
# Per-spawn cost of ProcessRunner vs a plain bash loop: N runs of `bash -euo pipefail -c true` each.
# Usage: benchmarks/shell-steps.sh [COUNT]   (SCRATCH=<scratch path> to reuse a build directory)
# Prints ms/spawn for both and the ratio runner/bash.
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT=${1:-1000}
SCRATCH=${SCRATCH:-.build}

swift build -c release --scratch-path "$SCRATCH" --product shell-bench >&2
BIN=$(swift build -c release --scratch-path "$SCRATCH" --show-bin-path)/shell-bench

now_ns() { date +%s%N; }

# Floor: the same spawns from a bash loop (fork + exec of bash, wait).
t0=$(now_ns)
for ((i = 0; i < COUNT; i++)); do /bin/bash -euo pipefail -c true; done
t1=$(now_ns)
bash_ms=$(awk -v ns=$((t1 - t0)) -v n="$COUNT" 'BEGIN { printf "%.3f", ns / 1e6 / n }')

out=$("$BIN" "$COUNT")
echo "$out"
runner_ms=$(sed -E 's/.* ([0-9.]+) ms\/spawn.*/\1/' <<<"$out")

printf 'bash loop: %d spawns, %s ms/spawn\n' "$COUNT" "$bash_ms"
printf 'runner:    %d spawns, %.3f ms/spawn\n' "$COUNT" "$runner_ms"
awk -v r="$runner_ms" -v b="$bash_ms" 'BEGIN { printf "ratio runner/bash: %.2f\n", r / b }'

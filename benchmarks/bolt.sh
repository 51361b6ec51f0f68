#!/usr/bin/env bash
# Bolt client benchmark: bolt-bench (release) and the Python neo4j driver against the same server.
#
#   benchmarks/bolt.sh            (starts the test server with scripts/bolt-server.sh if needed)
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(scripts/bolt-server.sh start)"
SCRATCH=${SCRATCH:-.build-bench}
VENV=${RUNBOOK_BENCH_VENV:-$SCRATCH/pyvenv}
if [[ ! -x $VENV/bin/python ]]; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q --disable-pip-version-check 'neo4j==6.*'
fi
swift build -c release --scratch-path "$SCRATCH" --product bolt-bench >&2
SWIFT_OUT=$("$SCRATCH/release/bolt-bench" "$RUNBOOK_NEO4J_URL" "$RUNBOOK_NEO4J_USER" "$RUNBOOK_NEO4J_PASSWORD")
PY_OUT=$("$VENV/bin/python" benchmarks/bolt_peer.py "$RUNBOOK_NEO4J_URL" "$RUNBOOK_NEO4J_USER" "$RUNBOOK_NEO4J_PASSWORD")
# The Python driver says GOODBYE at exit, which breaks FalkorDB's next handshake: absorb that one.
python3 scripts/bolt-check.py >/dev/null 2>&1 || true
echo "$SWIFT_OUT"
echo "$PY_OUT"
paste <(echo "$SWIFT_OUT") <(echo "$PY_OUT") | awk '{ printf "%-24s swift %6.3f s  python %6.3f s  ratio %.2f\n", $2, $3, $7, $7 / $3 }'

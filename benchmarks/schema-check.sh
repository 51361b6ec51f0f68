#!/usr/bin/env bash
# Validates runbooks against `runbook schema` with Python's jsonschema (installed into a venv if missing).
# Usage: benchmarks/schema-check.sh [RUNBOOK.yaml...]   (default: the plan fixture and runbooks/*.yaml)
set -euo pipefail
cd "$(dirname "$0")/.."
SCRATCH=${SCRATCH:-.build-release}
swift build -c release --scratch-path "$SCRATCH" --product runbook >/dev/null
BIN=$(swift build -c release --scratch-path "$SCRATCH" --show-bin-path)/runbook
PY=python3
if ! $PY -c 'import jsonschema, yaml' 2>/dev/null; then
    VENV=.build-venv-schema
    [[ -x $VENV/bin/python ]] || python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q jsonschema pyyaml
    PY=$VENV/bin/python
fi
SCHEMA=$(mktemp /tmp/runbook-schema.XXXXXX.json)
trap 'rm -f "$SCHEMA"' EXIT
"$BIN" schema >"$SCHEMA"
if (($# == 0)); then
    set -- Tests/RunbookCLITests/Fixtures/plan/fixture.yaml
    for f in runbooks/*.yaml; do [[ -e $f ]] && set -- "$@" "$f"; done
fi
$PY benchmarks/schema_check.py "$SCHEMA" "$@"

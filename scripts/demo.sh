#!/usr/bin/env bash
# One-command demo on a fresh machine: build, start a throwaway PostgreSQL, run the demo runbook end to end
# (gates answered with --yes), replay its journal, and show the migration runbook's plan.
set -euo pipefail
cd "$(dirname "$0")/.."

swift build --product runbook
BIN=$(swift build --show-bin-path)/runbook
eval "$(scripts/postgres.sh start)"
STATE=$(mktemp -d /tmp/runbook-demo.XXXXXX)

echo "== runbook run runbooks/examples/pg-demo.yaml"
"$BIN" run runbooks/examples/pg-demo.yaml --state "$STATE" --yes </dev/null
echo
echo "== runbook replay --verify (the journal of that run)"
"$BIN" replay --state "$STATE" pg-demo- --verify
echo
echo "== runbook plan runbooks/migration.yaml (the Neo4j migration; sandbox/run.sh runs it)"
"$BIN" plan runbooks/migration.yaml -p sample_user=1 -p image=graph-service:dual-write

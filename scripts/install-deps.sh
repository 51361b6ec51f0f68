#!/usr/bin/env bash
# Installs what the sandbox (sandbox/run.sh) and the tests (scripts/test.sh) need on a Debian machine that has
# Swift: Debian's packages (as root), then the Python modules, into the project's venv where the tests look.
#
#   scripts/install-deps.sh        idempotent: installs only what is missing
#
# Debian: postgresql + libpq-dev (the stores, the tests' server), libssl-dev (libcrypto: SHA-256 of the journal),
# zlib1g-dev (gzip of OTLP exports), chromium (the HTML reports' browser check), prometheus +
# prometheus-pushgateway (scripts/prometheus.sh: metrics, alarm-driven abort, the sandbox's Prometheus), python3
# venv/pip (scripts/bolt-server.sh's FalkorDB comes from PyPI), a kubectl with kustomize (the sandbox renders its
# overlay with it; Debian's is kubernetes-client). Python: PyYAML for the python3 on PATH
# (the sandbox's kubectl stand-in), and in the venv (RUNBOOK_CACHE_DIR/venv) the neo4j driver (the independent
# reader) and opentelemetry-proto (the OTLP receiver of the trace tests).
set -euo pipefail

log() { printf '[install-deps %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

wanted=(postgresql libpq-dev libssl-dev zlib1g-dev chromium prometheus prometheus-pushgateway)
missing=()
for pkg in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'ok installed' || missing+=("$pkg")
done
python3 -c 'import venv, ensurepip' 2>/dev/null || missing+=(python3-venv python3-pip)
command -v kubectl >/dev/null || missing+=(kubernetes-client)
if ((${#missing[@]} > 0)); then
    log "apt-get install ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${missing[@]}"
else
    log "already installed: ${wanted[*]}, kubectl; $(python3 --version) with venv"
fi

python3 -c 'import yaml' 2>/dev/null || python3 -m pip install -q --disable-pip-version-check pyyaml==6.0.3

VENV=${RUNBOOK_CACHE_DIR:-/var/cache/runbook}/venv
[[ -x $VENV/bin/python ]] || { mkdir -p "$(dirname "$VENV")" && python3 -m venv "$VENV"; }
"$VENV/bin/python" -c 'import neo4j' 2>/dev/null ||
    "$VENV/bin/pip" install -q --disable-pip-version-check neo4j==6.4.1
"$VENV/bin/python" -c 'import opentelemetry.proto.collector.trace.v1.trace_service_pb2' 2>/dev/null ||
    "$VENV/bin/pip" install -q --disable-pip-version-check opentelemetry-proto==1.45.2
log "python modules ready: pyyaml ($(command -v python3)), neo4j and opentelemetry-proto ($VENV)"

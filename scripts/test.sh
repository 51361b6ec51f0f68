#!/usr/bin/env bash
# Runbook's test command: `swift test` (extra arguments are passed on), output also kept in a log.
#
# Fails when the tests fail, when no test ran, and, with CI=true, when any test was skipped or
# cancelled: in CI every server the tests need is running, so a skip there hides a missing setup.
# Start the servers first (scripts/postgres.sh, scripts/bolt-server.sh, scripts/prometheus.sh) and eval their env.
set -euo pipefail
cd "$(dirname "$0")/.."
[[ -n ${RUNBOOK_NO_INSTALL:-} ]] || scripts/install-deps.sh

# The integration tests need PostgreSQL and the Bolt server: start them (idempotent; .ci/run has already done
# so) unless RUNBOOK_TEST_NO_SERVERS is set.
if [[ -z ${RUNBOOK_TEST_NO_SERVERS:-} ]]; then
    eval "$(scripts/postgres.sh start)"
    eval "$(scripts/bolt-server.sh start)"
    # Metrics and alarm-driven abort tests need Debian's prometheus and prometheus-pushgateway (.ci/run installs
    # them); without them those tests skip outside CI.
    if command -v prometheus >/dev/null && command -v prometheus-pushgateway >/dev/null; then
        eval "$(scripts/prometheus.sh start)"
    fi
fi

LOG=${RUNBOOK_TEST_LOG:-.build/test-output.log}
mkdir -p "$(dirname "$LOG")"

# One `swift test` runs every test target. The tests that drive the `runbook` binary (and psql, the Python
# driver, pg_ctl) await their children without holding a cooperative thread (Tests/RunbookTestSupport:
# `Process.waitForExit()` polls while suspended, pipes are read to EOF on threads of their own), so the
# in-process network peers and timers running beside them are never starved of the pool. Nothing blocking any
# more, Swift Testing would start every test at once (hundreds of `runbook` processes on two cores, where
# tests bounded in seconds miss their bounds), so at most RUNBOOK_TEST_WIDTH test cases (default 4) run at once.
SWT_EXPERIMENTAL_MAXIMUM_PARALLELIZATION_WIDTH=${RUNBOOK_TEST_WIDTH:-4} swift test "$@" 2>&1 | tee "$LOG"

# XCTest: "Test Case 'X.testY' skipped"; Swift Testing: "➜ Test y() skipped: "why"",
# "➜ Suite S skipped", "➜ Test y() was cancelled after 0.1 seconds".
SKIPPED=$(grep -E "^Test Case '.*' skipped|^[^[:space:]]+ (Test|Suite) .*( skipped(: .*|\.)?| was cancelled( after .*)?)$" "$LOG" || true)

# Tests run: XCTest's last "Executed N tests" (the 'All tests' total) plus Swift Testing's
# "Test run with N tests"; both count skipped tests too. Nothing is printed on success, so the
# runner's own closing line stays the last one.
RAN=$(awk '/Executed [0-9]+ tests?/ { for (i = 1; i < NF; i++) if ($i == "Executed") x = $(i + 1) }
    /Test run with [0-9]+ tests?/ { for (i = 1; i < NF; i++) if ($i == "with") s += $(i + 1) }
    END { print x + s }' "$LOG")
SKIP_COUNT=$(grep -cE "^Test Case |^[^[:space:]]+ Test " <<<"$SKIPPED" || true) # suites not counted

if ((RAN - SKIP_COUNT <= 0)); then
    echo "test.sh: error: no test ran ($RAN counted, $SKIP_COUNT of them skipped)" >&2
    exit 1
fi
if [[ ${CI:-} == true && -n $SKIPPED ]]; then
    echo "test.sh: error: CI=true and these tests were skipped or cancelled:" >&2
    echo "$SKIPPED" >&2
    exit 1
fi

# The HTML reports in a real headless Chromium (fails CI when chromium is missing), with the binary
# `swift test` just built: the bin path for the same scratch path and configuration.
BUILD_ARGS=()
while (($# > 0)); do
    case $1 in
    --scratch-path | -c | --configuration) BUILD_ARGS+=("$1" "${2:-}") && shift ;;
    --scratch-path=* | --configuration=*) BUILD_ARGS+=("$1") ;;
    esac
    shift
done
RUNBOOK_BIN=${RUNBOOK_BIN:-$(swift build --show-bin-path "${BUILD_ARGS[@]}")/runbook} scripts/report-browser-test.sh

#!/usr/bin/env bash
# Opens the HTML reports in a real headless Chromium: the three fixture run reports
# (Tests/RunbookCLITests/Fixtures/replay) and the plan of runbooks/migration.yaml.
#
# Fails when a page logs anything to the console (script errors, CSP violations), when its own
# script did not finish (body data-ready="1"), or when its window.onerror added #report-error.
# A deliberately broken copy of a report must be caught too, so the check itself is checked.
# Screenshots (1400x2000) go to $REPORT_ARTIFACTS (default .build-artifacts/report-screenshots).
#
# Needs the built binary ($RUNBOOK_BIN, default: the debug product of `swift build`) and Debian's
# `chromium`. Without chromium the test is skipped, except under CI=true, where that is an error.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'report-browser-test: %s\n' "$*"; }
fail() {
    say "FAIL: $*" >&2
    exit 1
}

CHROMIUM=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
if [[ -z $CHROMIUM ]]; then
    [[ ${CI:-} == true ]] && fail "chromium is not installed (CI=true: not skipping; .ci/run installs it)"
    say "chromium not installed: skipped (apt-get install chromium)"
    exit 0
fi
BIN=${RUNBOOK_BIN:-$(swift build --show-bin-path 2>/dev/null)/runbook}
[[ -x $BIN ]] || fail "no runbook binary at $BIN (swift build first, or set RUNBOOK_BIN)"

OUT=${REPORT_ARTIFACTS:-.build-artifacts/report-screenshots}
mkdir -p "$OUT"
WORK=$(mktemp -d /tmp/runbook-report-browser.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

FIXTURES=Tests/RunbookCLITests/Fixtures/replay
for name in green rollback resumed; do
    "$BIN" replay "$FIXTURES/$name.jsonl" --format html -o "$OUT/$name.html" || fail "replay $name exited $?"
done
"$BIN" plan runbooks/migration.yaml --format html >"$OUT/plan-migration.html" || fail "plan exited $?"

chrome() { # chrome LOG ARGS...: headless Chromium with its own profile, console on stderr
    local log=$1
    shift
    timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --no-first-run --hide-scrollbars \
        --user-data-dir="$WORK/profile" --enable-logging=stderr --v=0 --virtual-time-budget=5000 "$@" 2>"$log"
}

# check PAGE: 0 when the page loads cleanly, else 1 with the reasons on stderr.
check() {
    local page=$1 name dom log problems=()
    name=$(basename "$page" .html)
    dom=$WORK/$name.dom
    log=$WORK/$name.log
    chrome "$log" --dump-dom "file://$(realpath "$page")" >"$dom" || problems+=("chromium exited $?")
    grep -q '<body data-ready="1"' "$dom" || problems+=("page script did not finish (no data-ready=\"1\")")
    grep -q 'id="report-error"' "$dom" && problems+=("window.onerror fired: $(grep -o 'script error: [^<]*' "$dom" | head -n 1)")
    if grep -q ':CONSOLE' "$log"; then
        problems+=("console output: $(grep ':CONSOLE' "$log" | head -n 3 | sed 's/^\[[^]]*\] //' | tr '\n' ' ')")
    fi
    if ((${#problems[@]} > 0)); then
        printf '  %s: %s\n' "$name" "${problems[@]}" >&2
        return 1
    fi
    return 0
}

# The check must catch a broken page: a script error and a console message in a copy of a report.
sed 's|document.body.dataset.ready = "1";|console.error("deliberate"); missingFunction(); document.body.dataset.ready = "1";|' \
    "$OUT/green.html" >"$WORK/broken-control.html"
if check "$WORK/broken-control.html" 2>/dev/null; then
    fail "the deliberately broken control page passed: the browser check is not working"
fi
say "control: a broken page is detected"

failed=0
for page in "$OUT"/green.html "$OUT"/rollback.html "$OUT"/resumed.html "$OUT"/plan-migration.html; do
    name=$(basename "$page" .html)
    if check "$page"; then
        chrome "$WORK/$name.shot.log" --window-size=1400,2000 --screenshot="$OUT/$name.png" "file://$(realpath "$page")" \
            >/dev/null || fail "screenshot of $name failed"
        [[ -s $OUT/$name.png ]] || fail "no screenshot for $name"
        say "ok: $name (screenshot $OUT/$name.png)"
    else
        failed=1
    fi
done
((failed == 0)) || fail "a page had errors (pages kept in $OUT)"
say "all pages load cleanly in $("$CHROMIUM" --version 2>/dev/null | head -n 1)"

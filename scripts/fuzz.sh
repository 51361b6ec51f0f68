#!/usr/bin/env bash
# Coverage-guided fuzzing of Runbook's parsers with libFuzzer (the fuzz/ package).
#
#   scripts/fuzz.sh TARGET SECONDS     run one target for SECONDS (corpus in fuzz/Corpus/TARGET, grown in place)
#   scripts/fuzz.sh all SECONDS        every target in turn
#   scripts/fuzz.sh list               the targets
#
# Targets: FuzzRunbookLoader (YAML → model → validator), FuzzExpressions (expression parser + type checker),
# FuzzJournal (journal reader + tail reader), FuzzBolt (Bolt chunking + message/PackStream decoder),
# FuzzPostgresArray (PostgreSQL array text), FuzzRedactor (one-shot vs streaming redaction, no secret left).
# Crashes are written to fuzz/Crashes/TARGET/; turn each into a regression test in the main test suite.
# Builds with -sanitize=fuzzer,address -Xswiftc -use-ld=lld into fuzz/.build (separate from the main build).
set -euo pipefail
cd "$(dirname "$0")/../fuzz"

TARGETS=(FuzzRunbookLoader FuzzExpressions FuzzJournal FuzzBolt FuzzPostgresArray FuzzRedactor)

build() {
    swift build -c debug -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld --product "$1" >&2
}

run() { # run TARGET SECONDS
    local target=$1 seconds=$2
    build "$target"
    local bin
    bin="$(swift build -c debug -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld --show-bin-path)/$target"
    mkdir -p "Corpus/$target" "Crashes/$target" ".work/$target"
    # New inputs go to a scratch directory; the checked-in seed corpus stays small (merge by hand if wanted).
    "$bin" ".work/$target" "Corpus/$target" -max_total_time="$seconds" -max_len=4096 -timeout=10 \
        -rss_limit_mb=2048 -artifact_prefix="Crashes/$target/" -print_final_stats=1
}

case ${1:-} in
list) printf '%s\n' "${TARGETS[@]}" ;;
all)
    for t in "${TARGETS[@]}"; do run "$t" "${2:?seconds}"; done
    ;;
"" | -h | --help) sed -n '2,12p' "$0" ;;
*) run "$1" "${2:?seconds}" ;;
esac

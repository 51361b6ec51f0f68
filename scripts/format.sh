#!/usr/bin/env bash
# Format every tracked Swift file in place with the toolchain's swift-format (config: the nearest
# .swift-format), then lint strictly: fails on anything the formatter cannot fix by itself.
set -euo pipefail
cd "$(dirname "$0")/.."

mapfile -t files < <(git ls-files '*.swift')
if ((${#files[@]} == 0)); then
    echo "format.sh: no Swift files tracked" >&2
    exit 0
fi
swift format format --in-place --parallel "${files[@]}"
swift format lint --strict --parallel "${files[@]}"

#!/usr/bin/env bash
# Installs the dependencies, builds, and runs the whole test suite with CTest.
#   scripts/test.sh                 the normal build (build/)
#   scripts/test.sh --sanitize      an ASan+UBSan build (build-asan/)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/scripts/install-deps.sh"
dir=$top/build
# No warning lands: the test build treats them as errors.
opts=(-DGUESTKIT_WERROR=ON)
if [[ "${1:-}" == "--sanitize" ]]; then
    dir=$top/build-asan
    opts+=(-DGUESTKIT_SANITIZE=ON -DGUESTKIT_BUILD_BENCH=OFF -DCMAKE_BUILD_TYPE=Debug)
fi
"$top/scripts/build.sh" "$dir" "${opts[@]}"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
ctest --test-dir "$dir" --output-on-failure --timeout 600 -j2

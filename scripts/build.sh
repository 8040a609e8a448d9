#!/usr/bin/env bash
# Configures and builds guestkit into a build directory (default: build/).
#   scripts/build.sh [BUILD_DIR] [extra cmake -D options...]
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-$top/build}
shift || true
cmake -S "$top" -B "$dir" -G Ninja "$@" >/dev/null
cmake --build "$dir"

#!/usr/bin/env bash
# Builds every libFuzzer target with clang and runs each for N seconds (default 60).
#   scripts/fuzz.sh [SECONDS]
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
# ccache keys on paths relative to the checkout, so a fresh clone elsewhere still hits.
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$top} CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR:-1}
seconds=${1:-60}
"$top/scripts/install-deps.sh"
dir=$top/build-fuzz
CXX=clang++ cmake -S "$top" -B "$dir" -G Ninja -DGUESTKIT_FUZZ=ON -DGUESTKIT_BUILD_TESTS=OFF \
    -DGUESTKIT_BUILD_BENCH=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
mapfile -t fuzzers < <(cmake --build "$dir" --target help | sed -n 's/^\(fuzz_[a-z0-9_]*\): .*/\1/p' | grep -v '_autogen')
if ((${#fuzzers[@]} == 0)); then
    echo "fuzz: no fuzz targets" >&2
    exit 1
fi
cmake --build "$dir" --target "${fuzzers[@]}"
failed=0
for f in "${fuzzers[@]}"; do
    bin=$(find "$dir" -type f -name "$f" -perm -u+x | head -n 1)
    corpus=$dir/corpus/$f
    mkdir -p "$corpus"
    echo "fuzz: $f for ${seconds}s"
    if ! (cd "$dir" && "$bin" -max_total_time="$seconds" -print_final_stats=0 "$corpus" \
            >"$dir/$f.log" 2>&1); then
        echo "fuzz: $f FAILED; last lines of $dir/$f.log:" >&2
        tail -n 40 "$dir/$f.log" >&2
        failed=1
    fi
done
exit $failed

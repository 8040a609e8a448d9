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
# The committed seeds of a target: fuzz/corpus next to the CMakeLists.txt that
# declares it; targets that read another target's input format share its seeds.
declare -A shared_seeds=([fuzz_vix_server]=src/vix/codec/fuzz/corpus)
seeds_of() {
    if [[ -n ${shared_seeds[$1]:-} ]]; then
        echo "$top/${shared_seeds[$1]}"
        return
    fi
    local lists
    lists=$(grep -rl --include=CMakeLists.txt "NAME $1 " "$top/src" "$top/linux" "$top/win" 2>/dev/null |
        head -n 1)
    [[ -n $lists ]] && echo "$(dirname "$lists")/fuzz/corpus"
}
# Two targets at a time (one per core of the CI machine): half the wall time
# for the same fuzzing time per target.
parallel=${FUZZ_JOBS:-$(nproc)}
run_one() {
    local f=$1 bin corpus seeds
    bin=$(find "$dir" -type f -name "$f" -perm -u+x | head -n 1)
    corpus=$dir/corpus/$f
    mkdir -p "$corpus"
    # Start from the committed seed corpus (kept files win: what earlier runs
    # found stays); the working directory only grows.
    seeds=$(seeds_of "$f" || true)
    if [[ -n $seeds && -d $seeds ]]; then
        cp -n -- "$seeds"/* "$corpus"/ 2>/dev/null || true
        echo "fuzz: $f seeded from ${seeds#"$top"/} ($(find "$seeds" -maxdepth 1 -type f | wc -l) inputs)"
    fi
    echo "fuzz: $f for ${seconds}s"
    if ! (cd "$dir" && "$bin" -max_total_time="$seconds" -print_final_stats=0 "$corpus" \
            >"$dir/$f.log" 2>&1); then
        touch "$dir/$f.failed"
    fi
}
rm -f "$dir"/*.failed
for f in "${fuzzers[@]}"; do
    while (($(jobs -rp | wc -l) >= parallel)); do
        wait -n || true
    done
    run_one "$f" &
done
wait
failed=0
for f in "${fuzzers[@]}"; do
    if [[ -e $dir/$f.failed ]]; then
        echo "fuzz: $f FAILED; last lines of $dir/$f.log:" >&2
        tail -n 40 "$dir/$f.log" >&2
        failed=1
    fi
done
exit $failed

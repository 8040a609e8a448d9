#!/usr/bin/env bash
# Cross-builds guestkit for Windows x86_64 with Debian's mingw-w64 against the prebuilt
# Qt/KF5Archive/Poco sysroot (../shared/win-sysroot), and runs the test suite under Wine.
#   scripts/test-windows.sh [--build-only]
# The sysroot is unpacked once into build-win/sysroot (checked against its .sha256).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
# ccache keys on paths relative to the checkout, so a fresh clone elsewhere still hits.
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$top} CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR:-1}
# ../shared beside the checkout (or beside its worktree parent).
shared=${GUESTKIT_SHARED:-}
if [[ -z $shared ]]; then
    for d in "$top/../shared" "$top/../../shared"; do
        [[ -d $d/win-sysroot ]] && shared=$d && break
    done
fi
tarball=$shared/win-sysroot/win-sysroot-qt5.15.8-mingw64.tar.xz
dir=$top/build-win
sysroot=$dir/sysroot

"$top/scripts/install-deps.sh" --windows
if [[ ! -f $sysroot/.unpacked ]] || [[ $tarball -nt $sysroot/.unpacked ]]; then
    (cd "$(dirname "$tarball")" && sha256sum -c --quiet "$(basename "$tarball").sha256")
    rm -rf "$sysroot" && mkdir -p "$sysroot"
    tar -xJf "$tarball" -C "$sysroot"
    touch "$sysroot/.unpacked"
fi
cmake -S "$top" -B "$dir" -G Ninja -DCMAKE_TOOLCHAIN_FILE="$sysroot/toolchain-mingw64.cmake" \
    -DGUESTKIT_BUILD_BENCH=OFF >/dev/null
cmake --build "$dir"
[[ "${1:-}" == "--build-only" ]] && exit 0
# A private Wine prefix per build tree, so CI never shares state with a person's prefix.
export WINEPREFIX=${WINEPREFIX:-$dir/wineprefix}
export WINEDEBUG=${WINEDEBUG:--all}
# Create the prefix once before the tests (wineboot takes a minute), so the
# first test's time limit is not spent on it.
"$sysroot/bin/wine-run" cmd /c ver >/dev/null
ctest --test-dir "$dir" --output-on-failure --timeout 600 -j2

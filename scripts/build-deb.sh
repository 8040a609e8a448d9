#!/usr/bin/env bash
# Builds the Debian packages guestkit_VERSION_ARCH.deb and
# guestkit-vmx_VERSION_ARCH.deb with CPack (docs/packaging.md).
#   scripts/build-deb.sh [--version VERSION] [--out DIR] [BUILD_DIR]
# BUILD_DIR defaults to build-deb/, DIR to BUILD_DIR, VERSION to the project's.
# A release build with Debian's hardening flags (dpkg-buildflags), no tests,
# no benchmarks; prints the paths of the packages it wrote.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
version=
out=
while (($#)); do
    case $1 in
    --version) version=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    -*) echo "build-deb: unknown option $1" >&2; exit 2 ;;
    *) break ;;
    esac
done
dir=${1:-$top/build-deb}
out=${out:-$dir}

"$top/scripts/install-deps.sh" --deb

# The flags Debian builds its own packages with (-fstack-protector-strong,
# _FORTIFY_SOURCE, relro, bindnow), which lintian's hardening checks expect.
# From $top, so that -ffile-prefix-map is the same on every run (ccache).
cd "$top"
export DEB_BUILD_MAINT_OPTIONS=hardening=+all
cxxflags="$(dpkg-buildflags --get CXXFLAGS) $(dpkg-buildflags --get CPPFLAGS)"
ldflags=$(dpkg-buildflags --get LDFLAGS)
"$top/scripts/build.sh" "$dir" -DCMAKE_BUILD_TYPE=Release -DGUESTKIT_BUILD_TESTS=OFF \
    -DGUESTKIT_BUILD_BENCH=OFF -DCMAKE_INSTALL_PREFIX=/usr \
    -DGUESTKIT_PACKAGE_VERSION="$version" \
    -DCMAKE_CXX_FLAGS="$cxxflags" -DCMAKE_EXE_LINKER_FLAGS="$ldflags"
mkdir -p "$out"
rm -f "$out"/guestkit_*.deb "$out"/guestkit-vmx_*.deb
# umask: the directories CPack stages become the packages' directories.
(umask 022 && cpack --config "$dir/CPackConfig.cmake" -G DEB -B "$out" >/dev/null)
rm -rf "$out/_CPack_Packages"
ls -1 "$out"/guestkit_*.deb "$out"/guestkit-vmx_*.deb

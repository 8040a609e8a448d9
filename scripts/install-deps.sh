#!/usr/bin/env bash
# Installs the Debian 12 packages guestkit needs to build, test and run.
# Idempotent: only asks apt for what is missing. Run as root.
#   scripts/install-deps.sh            build + test dependencies
#   scripts/install-deps.sh --windows  also the mingw-w64 cross compilers, Wine and wixl
#   scripts/install-deps.sh --deb      also what building and checking the .deb needs
set -euo pipefail

packages=(
    # toolchain
    g++ cmake ninja-build ccache pkg-config clang-format
    # libFuzzer (clang and its runtime) for the fuzz targets
    clang libclang-rt-14-dev
    # libraries (docs/dependencies.md says why each is there)
    qtbase5-dev libkf5archive-dev libpoco-dev libpam0g-dev
    # used by the tests: useradd/chpasswd, ip, procps
    passwd iproute2 procps
    # mkfs.xfs: the split count of an XFS directory (tst_platform_streams)
    xfsprogs
)
if [[ "${1:-}" == "--windows" ]]; then
    packages+=(g++-mingw-w64-x86-64-posix gcc-mingw-w64-x86-64-posix mingw-w64-x86-64-dev
               wine wine64 wixl msitools)
fi
if [[ "${1:-}" == "--deb" ]]; then
    # dpkg-shlibdeps and dpkg-buildflags; lintian; systemd-analyze verify;
    # man for the unit's Documentation= check; gzip for the man pages.
    packages+=(dpkg-dev lintian systemd man-db gzip)
fi

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
    exit 0
fi
if [[ $(id -u) -ne 0 ]]; then
    echo "install-deps: missing packages: ${missing[*]} (run as root to install them)" >&2
    exit 1
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

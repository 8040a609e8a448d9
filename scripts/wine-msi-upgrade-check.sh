#!/usr/bin/env bash
# The MSI's major upgrade under Wine: builds an old (0.0.1) and the current
# package from the same binaries, installs the old one, then the current one
# over it, and checks that only the new version is registered, the service
# runs again, and the admin's config survived; then uninstalls.
#   scripts/wine-msi-upgrade-check.sh [BUILD_DIR]   (default build-win, after test-windows.sh --build-only)
# Uses a private Wine prefix under BUILD_DIR, removed at the end.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$top/build-win}" && pwd)
new=$(sed -n 's/^project(guestkit VERSION \([0-9.]*\).*/\1/p' "$top/CMakeLists.txt")
old=0.0.1
[[ $(printf '%s\n%s\n' "$old" "$new" | sort -V | head -1) == "$old" && $old != "$new" ]] ||
    { echo "wine-msi-upgrade-check: $old is not older than $new" >&2; exit 2; }
"$top/scripts/build-msi.sh" --version "$old" "$build" >/dev/null || exit 2
"$top/scripts/build-msi.sh" --version "$new" "$build" >/dev/null || exit 2
me=wine-msi-upgrade-check
# shellcheck source=wine-msi-lib.sh
. "$top/scripts/wine-msi-lib.sh"
versions() { # DisplayVersion of every installed guestkit
    wine reg query 'HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall' /s 2>/dev/null |
        tr -d '\r' | awk '/^HKEY/ { key = $0 } /DisplayName.*guestkit/ { hit[key] = 1 }
            /DisplayVersion/ { ver[key] = $NF } END { for (k in hit) print ver[k] }' | sort
}

wine_msi_start "$build/wineprefix-msi-upgrade"

port=$(free_port)
mkdir -p "$C/ProgramData/guestkit"
printf '; the admin'"'"'s own config\r\n[channel]\r\nendpoint = sim:tcp:127.0.0.1:%s\r\n' "$port" \
    > "$C/ProgramData/guestkit/guestkit.conf"
cp "$build/guestkit-$old-x64.msi" "$C/old.msi"
cp "$build/guestkit-$new-x64.msi" "$C/new.msi"

wine msiexec /i 'C:\old.msi' /qn /l*v 'C:\msi-old.log' </dev/null >/dev/null 2>&1
check "msiexec /i $old exits 0" [ $? = 0 ]
check "$old registered" [ "$(versions)" = "$old" ]
check "service RUNNING after the $old install" wait_state RUNNING

check "service stopped and its process gone before the upgrade" stop_service
wine msiexec /i 'C:\new.msi' /qn /l*v 'C:\msi-new.log' </dev/null >/dev/null 2>&1
check "msiexec /i $new over $old exits 0" [ $? = 0 ]
check "only $new registered (the old product removed)" [ "$(versions)" = "$new" ]
inst="$C/Program Files/guestkit"
check "programs and DLLs installed" [ -f "$inst/guestkitd.exe" -a -f "$inst/guestkit.exe" -a -f "$inst/Qt5Core.dll" ]
check "service RUNNING after the upgrade" wait_state RUNNING
check "the admin's config kept by the upgrade" grep -q "the admin's own config" "$C/ProgramData/guestkit/guestkit.conf"

check "service stopped and its process gone before the uninstall" stop_service
wine msiexec /x 'C:\new.msi' /qn </dev/null >/dev/null 2>&1
check "msiexec /x exits 0" [ $? = 0 ]
check "nothing registered after the uninstall" [ -z "$(versions)" ]
check "service removed" [ -z "$(state_of)" ]
check "program files removed" [ ! -e "$inst" ]

wine_msi_end

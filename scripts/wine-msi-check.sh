#!/usr/bin/env bash
# Installs the guestkit MSI under Wine and checks it end to end:
#   msiexec /i /qn -> files in Program Files\guestkit, service guestkitd
#   registered (auto start, LocalSystem) and RUNNING, answering a ping from
#   the simulator (the config, written before the install and kept by it,
#   points the service at the simulator's TCP port), stopped and started with
#   sc -> msiexec /x /qn ->
#   service and program files gone, the config left in place.
#   scripts/wine-msi-check.sh [BUILD_DIR]   (default build-win, after build-msi.sh)
# Uses a private Wine prefix under BUILD_DIR, removed at the end.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$top/build-win}" && pwd)
version=$(sed -n 's/^project(guestkit VERSION \([0-9.]*\).*/\1/p' "$top/CMakeLists.txt")
msi=$build/guestkit-$version-x64.msi
[[ -f $msi ]] || { echo "wine-msi-check: $msi missing (run scripts/build-msi.sh)" >&2; exit 2; }
me=wine-msi-check
# shellcheck source=wine-msi-lib.sh
. "$top/scripts/wine-msi-lib.sh"
wine_msi_start "$build/wineprefix-msi"

port=$(free_port)
mkdir -p "$C/ProgramData/guestkit"
printf '[channel]\r\nendpoint = sim:tcp:127.0.0.1:%s\r\n[logging]\r\nfile = C:/ProgramData/guestkit/guestkitd.log\r\n' \
    "$port" > "$C/ProgramData/guestkit/guestkit.conf"
cp "$msi" "$C/guestkit.msi"

# The package itself: ServiceControl starts the service on install, stops it
# on install and uninstall, deletes it on uninstall, and waits
# (msidbServiceControlEvent Start 0x1 | Stop 0x2 | UninstallStop 0x20 |
# UninstallDelete 0x80 = 163; Wait = 1).
sc_row=$(msiinfo export "$msi" ServiceControl | tr -d '\r' | awk -F'\t' '$2 == "guestkitd"')
check "ServiceControl row: start on install, stop and delete on uninstall, Wait" \
    [ "$(echo "$sc_row" | cut -f3)" = 163 -a "$(echo "$sc_row" | cut -f5)" = 1 ]

wine msiexec /i 'C:\guestkit.msi' /qn /l*v 'C:\msi-install.log' </dev/null >/dev/null 2>&1
check "msiexec /i exits 0" [ $? = 0 ]
inst="$C/Program Files/guestkit"
check "programs and DLLs installed" [ -f "$inst/guestkitd.exe" -a -f "$inst/guestkit.exe" -a -f "$inst/Qt5Core.dll" ]
# Wine's sc has no `qc`: read the service's registry key.
svckey='HKLM\System\CurrentControlSet\Services\guestkitd'
check "service registered with automatic start (Start = 2)" \
    bash -c "wine reg query '$svckey' /v Start 2>&1 | tr -d '\r' | grep -q 'REG_DWORD *0x2'"
check "service runs as LocalSystem" \
    bash -c "wine reg query '$svckey' /v ObjectName 2>&1 | tr -d '\r' | grep -qi 'LocalSystem'"
check "service RUNNING after install" wait_state RUNNING
check "the existing config was kept by the install" grep -q "127.0.0.1:$port" "$C/ProgramData/guestkit/guestkit.conf"
# The installed service connects to the simulator (it retries until one listens).
# wine-run's first-use set-up waits for the wineserver to end, which the
# persistent one of this check never does: mark the prefix as set up.
touch "$WINEPREFIX/.win-sysroot-init"
timeout 150 "$build/sysroot/bin/wine-run" "$build/src/vmx/guestkit-vmx.exe" \
    --channel "sim:tcp:127.0.0.1:$port" --timeout 120 ping </dev/null > "$build/msi-ping.txt" 2>&1
check "the service answers a ping through the simulator" [ $? = 0 ]
check "the service writes its log file" [ -s "$C/ProgramData/guestkit/guestkitd.log" ]
wine sc stop guestkitd </dev/null >/dev/null 2>&1
check "sc stop -> STOPPED (the stop control ends the daemon)" wait_state STOPPED
wine sc start guestkitd </dev/null >/dev/null 2>&1
check "sc start -> RUNNING again" wait_state RUNNING

# Stop the service and wait for its process to end before the uninstall
# (wine-msi-lib.sh says why msiexec cannot be left to do it).
check "the running service's process is found (its end can be waited for)" [ -n "$(svcpid)" ]
t0=$(date +%s%N)
check "sc stop before the uninstall -> STOPPED, the guestkitd.exe process ended" stop_service
echo "wine-msi-check: stop to process end took $((($(date +%s%N) - t0) / 1000000)) ms"

wine msiexec /x 'C:\guestkit.msi' /qn /l*v 'C:\msi-uninstall.log' </dev/null >/dev/null 2>&1
check "msiexec /x exits 0" [ $? = 0 ]
check "service removed by the uninstall" [ -z "$(state_of)" ]
check "service key removed from the registry" \
    bash -c "! wine reg query '$svckey' >/dev/null 2>&1"
left=$(cd "$C/Program Files" && find guestkit 2>/dev/null)
check "every installed file and the Program Files\\guestkit folder removed" [ -z "$left" ]
if [[ -n $left ]]; then
    echo "--- left behind:"; echo "$left" | head -20
    echo "--- what the uninstall log says about them:"
    tr -d '\r\000' < "$C/msi-uninstall.log" | grep -i -E "guestkitd\.exe|in use|reboot|failed" | head -20
fi
check "the config stays after the uninstall" [ -f "$C/ProgramData/guestkit/guestkit.conf" ]

wine_msi_end
